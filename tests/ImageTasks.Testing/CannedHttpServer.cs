using System.Collections.Concurrent;
using System.Globalization;
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
    // A search client makes a request or two; the cap only guards against a runaway test.
    private const int MaxConnections = 16;

    private readonly LoopbackListener _listener;
    private readonly ConcurrentQueue<string> _targets = new();
    private readonly byte[] _body;
    private readonly int _status;
    private readonly string _contentType;

    private CannedHttpServer(byte[] body, int status, string contentType)
    {
        _body = body;
        _status = status;
        _contentType = contentType;

        // Last: connections may arrive as soon as the listener starts, and they need the fields above.
        _listener = new LoopbackListener(ServeAsync, MaxConnections);
    }

    public int Port => _listener.Port;

    public Uri BaseUri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));

    /// <summary>Request targets (path and query) in arrival order.</summary>
    public IReadOnlyList<string> Targets => _targets.ToArray();

    public static CannedHttpServer Start(string body, int status = 200, string contentType = "application/json") =>
        new(Encoding.UTF8.GetBytes(body), status, contentType);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
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
}
