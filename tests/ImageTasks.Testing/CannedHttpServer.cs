using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImageTasks.Testing;

/// <summary>
/// A loopback HTTP/1.1 server that answers every GET with one canned body and records the request targets. It stands in
/// for Docker Hub's search API (index.docker.io/v1/search), which is not a registry, so the distribution registry cannot
/// play it, and which these machines cannot reach. One request per connection; everything stops on dispose.
/// </summary>
public sealed class CannedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<string> _targets = new();
    private readonly byte[] _body;
    private readonly int _status;
    private readonly string _contentType;
    private readonly Task _acceptLoop;

    private CannedHttpServer(byte[] body, int status, string contentType)
    {
        _body = body;
        _status = status;
        _contentType = contentType;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token), CancellationToken.None);
    }

    public int Port { get; }

    public Uri BaseUri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));

    /// <summary>Request targets (path and query) in arrival order.</summary>
    public IReadOnlyList<string> Targets => _targets.ToArray();

    public static CannedHttpServer Start(string body, int status = 200, string contentType = "application/json") =>
        new(Encoding.UTF8.GetBytes(body), status, contentType);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                connections.Add(Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None));
            }
        }
        finally
        {
            await Task.WhenAll(connections).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await new HttpWireReader(stream).ReadRequestHeadAsync(cancellationToken);
                if (head is null)
                {
                    return;
                }

                _targets.Enqueue(head.Target);
                var reason = _status == 200 ? "OK" : "Error";
                var response = string.Create(
                    CultureInfo.InvariantCulture,
                    $"HTTP/1.1 {_status} {reason}\r\nContent-Type: {_contentType}\r\nContent-Length: {_body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), cancellationToken);
                if (head.Method != "HEAD")
                {
                    await stream.WriteAsync(_body, cancellationToken);
                }

                await stream.FlushAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException)
            {
                // The client went away or the server is stopping: nothing to answer.
            }
        }
    }
}
