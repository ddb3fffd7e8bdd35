using System.Net;
using System.Net.Sockets;

namespace ImageTasks.Testing;

/// <summary>
/// Asks the kernel for an unused loopback port. Another process can still take it before the
/// caller binds, so callers retry on "address already in use".
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
