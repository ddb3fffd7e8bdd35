using System.Globalization;
using System.Net;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Serving;

/// <summary>
/// Where the store is served: <c>IP:PORT</c> (<c>[IPv6]:PORT</c>), <c>localhost:PORT</c> (127.0.0.1), or <c>:PORT</c>
/// for every interface, as distribution's <c>http.addr</c> reads it. Port 0 asks the system for a free one. Only
/// addresses are taken, not host names to look up, so what is bound is exactly what was written.
/// </summary>
public sealed record ServeAddress(IPEndPoint Endpoint)
{
    /// <summary>The registry's own default port, on loopback only.</summary>
    public const string Default = "127.0.0.1:5000";

    public bool IsLoopback => IPAddress.IsLoopback(Endpoint.Address);

    public static ServeAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            throw ServeErrors.InvalidAddress(text, "expected HOST:PORT, such as 127.0.0.1:5000");
        }

        var host = text[..colon];
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw ServeErrors.InvalidAddress(text, "the port must be a number from 0 to 65535");
        }

        IPAddress? address = host switch
        {
            "" => IPAddress.Any,
            "localhost" => IPAddress.Loopback,
            ['[', .., ']'] => IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? v6 : null,
            _ => IPAddress.TryParse(host, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? v4 : null,
        };
        return address is null
            ? throw ServeErrors.InvalidAddress(text, "the host must be an IP address ([...] for IPv6), localhost, or empty for every interface")
            : new ServeAddress(new IPEndPoint(address, port));
    }

    /// <summary>Parses <paramref name="text"/> and applies the rule: loopback unless <paramref name="allowRemote"/>.</summary>
    public static ServeAddress ForServing(string text, bool allowRemote)
    {
        var address = Parse(text);
        return address.IsLoopback || allowRemote ? address : throw ServeErrors.NotLoopback(text);
    }

    public override string ToString() => Endpoint.ToString();
}
