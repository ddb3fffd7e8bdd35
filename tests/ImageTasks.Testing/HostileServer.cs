using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ImageTasks.Testing;

/// <summary>
/// A loopback HTTP/1.1 server that plays the attacker: every request goes to a script that writes whatever it likes
/// (a challenge from its own realm, a body that never ends, trickles or stalls, a Content-Length that lies). One request
/// per connection; every request is recorded with its headers, so a test can see what a client gave away.
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    private const int MaxConnections = 32;

    private readonly LoopbackListener _listener;
    private readonly ConcurrentQueue<HostileRequest> _requests = new();
    private readonly Func<HostileRequest, HostileResponse, CancellationToken, Task> _script;

    private HostileServer(Func<HostileRequest, HostileResponse, CancellationToken, Task> script)
    {
        _script = script;

        // Last: connections may arrive as soon as the listener starts.
        _listener = new LoopbackListener(ServeAsync, MaxConnections);
    }

    public int Port => _listener.Port;

    /// <summary>host:port, as a reference's domain or a redirect target names it.</summary>
    public string Host => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public Uri BaseUri => new($"http://{Host}/");

    public IReadOnlyList<HostileRequest> Requests => _requests.ToArray();

    public static HostileServer Start(Func<HostileRequest, HostileResponse, CancellationToken, Task> script) => new(script);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var stream = client.GetStream();
        var head = await new HttpWireReader(stream).ReadRequestHeadAsync(cancellationToken);
        if (head is null)
        {
            return;
        }

        var request = new HostileRequest(head.Method, head.Target, head.Headers);
        _requests.Enqueue(request);
        await _script(request, new HostileResponse(stream), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}

/// <summary>A request as <see cref="HostileServer"/> received it.</summary>
public sealed record HostileRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public string Path => Target.Split('?')[0];

    public string? Authorization => Header("Authorization");

    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }
}

/// <summary>Raw writes to the connection: a status line and headers, then any bytes at any pace.</summary>
public sealed class HostileResponse(Stream stream)
{
    public Stream Stream { get; } = stream;

    /// <summary>Writes the status line, the headers given and <c>Connection: close</c>, and the blank line.</summary>
    public async Task HeadAsync(int status, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} Status\r\n"));
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("Connection: close\r\n\r\n");
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), cancellationToken);
        await Stream.FlushAsync(cancellationToken);
    }

    /// <summary>A whole answer with a truthful Content-Length.</summary>
    public async Task SendAsync(int status, byte[] body, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        await HeadAsync(status, cancellationToken, [.. headers, ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))]);
        await Stream.WriteAsync(body, cancellationToken);
    }

    public Task SendAsync(int status, string body, CancellationToken cancellationToken, params (string Name, string Value)[] headers) =>
        SendAsync(status, Encoding.UTF8.GetBytes(body), cancellationToken, headers);

    /// <summary>A chunked body of <paramref name="chunk"/>-sized chunks that never ends (until the client hangs up).</summary>
    public async Task EndlessChunkedAsync(int status, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        await HeadAsync(status, cancellationToken, [.. headers, ("Transfer-Encoding", "chunked")]);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        var prefix = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{chunk.Length:x}\r\n"));
        var crlf = "\r\n"u8.ToArray();
        while (!cancellationToken.IsCancellationRequested)
        {
            await Stream.WriteAsync(prefix, cancellationToken);
            await Stream.WriteAsync(chunk, cancellationToken);
            await Stream.WriteAsync(crlf, cancellationToken);
        }
    }

    /// <summary>Keeps the connection open without writing anything more, until the client gives up or the server stops.</summary>
    public async Task StallAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[256];
        try
        {
            // Reading returns 0 when the client closes: the stall ends when nobody is waiting any more.
            while (await Stream.ReadAsync(scratch, cancellationToken) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
    }
}
