using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Text;

namespace ImageTasks.Testing;

/// <summary>
/// A small HTTP/1.1 reverse proxy on 127.0.0.1 in front of a test registry. It forwards
/// method, path, headers (Host included, so registry-built upload URLs point back at the proxy)
/// and streamed bodies, records every request, and applies scripted <see cref="FaultRule"/>s:
/// 429/5xx answers, truncated or corrupted bodies, redirects to another host name. Connections are
/// loopback-only, capped in number, closed when idle, and all stop on dispose.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int MaxConnections = 64;

    // Connection-level headers are about one hop only and must not be forwarded (RFC 9110 7.6.1).
    private static readonly FrozenSet<string> HopByHop = new[]
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect", "Host", "Content-Length",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly LoopbackListener _listener;
    private readonly HttpClient _upstream;
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private readonly List<ProxiedRequest> _requests = [];
    private long _sequence;

    private FaultProxy(Uri upstream, TimeSpan idleTimeout)
    {
        Upstream = upstream;
        _upstream = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromMinutes(2),
        };

        // Last: connections may arrive as soon as the listener starts, and they need the fields above.
        _listener = new LoopbackListener(
            (client, cancellationToken) => HttpKeepAlive.ServeAsync(client, idleTimeout, HandleRequestAsync, cancellationToken),
            MaxConnections);
    }

    /// <summary>The registry (or other server) requests are forwarded to.</summary>
    public Uri Upstream { get; }

    public int Port => _listener.Port;

    /// <summary>"127.0.0.1:PORT", to use in image references instead of the registry's host.</summary>
    public string Host => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"localhost:PORT": the same proxy under another host name, the default redirect target.</summary>
    public string LocalhostAuthority => $"localhost:{Port.ToString(CultureInfo.InvariantCulture)}";

    public Uri BaseUri => new($"http://{Host}/");

    /// <summary>Every request received so far, in arrival order (snapshot).</summary>
    public IReadOnlyList<ProxiedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Starts listening on a free 127.0.0.1 port.</summary>
    public static FaultProxy Start(Uri upstream, TimeSpan? idleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return new FaultProxy(upstream, idleTimeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>A predicate for rules: method equals (case-insensitive) and path contains the text.</summary>
    public static Func<string, string, bool> When(string method, string pathContains) =>
        (m, p) => string.Equals(m, method, StringComparison.OrdinalIgnoreCase) && p.Contains(pathContains, StringComparison.Ordinal);

    public IReadOnlyList<ProxiedRequest> RequestsMatching(string method, string pathContains) =>
        Requests.Where(r => When(method, pathContains)(r.Method, r.Path)).ToArray();

    public int Count(string method, string pathContains) => RequestsMatching(method, pathContains).Count;

    /// <summary>Adds a rule; rules are tried in the order added and the first match applies.</summary>
    public FaultRule AddFault(Func<string, string, bool> match, ProxyFault fault, int? times = 1)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(fault);
        var rule = new FaultRule(match, fault, times);
        lock (_gate)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    public FaultRule RespondTooManyRequests(Func<string, string, bool> match, int retryAfterSeconds, int? times = 1) =>
        AddFault(match, ProxyFault.TooManyRequests(retryAfterSeconds), times);

    public FaultRule RespondWithStatus(Func<string, string, bool> match, int statusCode, int? times = 1) =>
        AddFault(match, ProxyFault.Status(statusCode), times);

    public FaultRule CloseAfterBytes(Func<string, string, bool> match, long bytes, int? times = 1) =>
        AddFault(match, ProxyFault.CloseAfterBytes(bytes), times);

    public FaultRule Redirect(Func<string, string, bool> match, string authority, int? times = 1) =>
        AddFault(match, ProxyFault.Redirect(authority), times);

    /// <summary>307 to "localhost:PORT" of this proxy: another host to the client, same registry behind it.</summary>
    public FaultRule RedirectToLocalhost(Func<string, string, bool> match, int? times = 1) =>
        Redirect(match, LocalhostAuthority, times);

    public FaultRule Delay(Func<string, string, bool> match, TimeSpan duration, int? times = 1) =>
        AddFault(match, ProxyFault.Delay(duration), times);

    public void ClearFaults()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The listener first: no connection may still be forwarding when the upstream client goes.
        await _listener.DisposeAsync();
        _upstream.Dispose();
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        416 => "Range Not Satisfiable",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    };

    private static (string Path, string PathAndQuery) ParseTarget(string target)
    {
        // Origin form "/v2/...?..." normally; absolute form if a client treats us as a forward proxy.
        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            return (absolute.AbsolutePath, absolute.PathAndQuery);
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        return (query >= 0 ? target[..query] : target, target);
    }

    private static async Task WriteAsciiAsync(Stream stream, string text, CancellationToken cancellationToken) =>
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text), cancellationToken);

    private static async Task WriteSimpleResponseAsync(
        Stream stream,
        bool isHead,
        int status,
        IEnumerable<KeyValuePair<string, string>> headers,
        string? jsonBody,
        bool close,
        CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(jsonBody ?? string.Empty);
        var head = new StringBuilder();
        // A HEAD response announces the body's length but never carries it: bytes after the headers would be read as
        // the next response on a kept-alive connection.
        var payload = isHead ? [] : body;
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (jsonBody is not null)
        {
            head.Append("Content-Type: application/json; charset=utf-8\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        head.Append("Docker-Distribution-Api-Version: registry/2.0\r\n");
        if (close)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        await WriteAsciiAsync(stream, head.ToString(), cancellationToken);
        await stream.WriteAsync(payload, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static bool ClientWantsKeepAlive(HttpRequestHead head) =>
        string.Equals(head.Version, "HTTP/1.1", StringComparison.Ordinal)
            ? !head.HasToken("Connection", "close")
            : head.HasToken("Connection", "keep-alive");

    /// <summary>Answers one request; returns whether the connection can carry another.</summary>
    private async Task<bool> HandleRequestAsync(HttpRequestHead head, HttpWireReader reader, Stream stream, CancellationToken cancellationToken)
    {
        var (path, pathAndQuery) = ParseTarget(head.Target);
        var host = head.Header("Host");
        var keepAlive = ClientWantsKeepAlive(head);
        RequestBodyStream? body = head.HasToken("Transfer-Encoding", "chunked")
            ? new ChunkedBodyStream(reader)
            : long.TryParse(head.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                ? new ContentLengthBodyStream(reader, length)
                : null;

        ProxyFault? fault;
        lock (_gate)
        {
            fault = _rules.FirstOrDefault(r => r.TryApply(head.Method, path, host))?.Fault;
        }

        if (fault is DelayFault delay)
        {
            await Task.Delay(delay.Duration, cancellationToken);
        }

        // A faulted answer leaves an unread body on the wire, so such connections are closed.
        var bodyPending = body is { IsComplete: false };
        switch (fault)
        {
            case StatusFault status:
            {
                Record(head, path, pathAndQuery, host, status.StatusCode, fault);
                var headers = status.RetryAfterSeconds is { } seconds
                    ? [new("Retry-After", seconds.ToString(CultureInfo.InvariantCulture))]
                    : Array.Empty<KeyValuePair<string, string>>();
                var code = status.StatusCode == 429 ? "TOOMANYREQUESTS" : "UNAVAILABLE";
                await WriteSimpleResponseAsync(
                    stream,
                    head.Method == "HEAD",
                    status.StatusCode,
                    headers,
                    $$"""{"errors":[{"code":"{{code}}","message":"fault injected by FaultProxy","detail":null}]}""",
                    close: bodyPending || !keepAlive,
                    cancellationToken);
                return keepAlive && !bodyPending;
            }

            case RedirectFault redirect:
            {
                Record(head, path, pathAndQuery, host, redirect.StatusCode, fault);
                await WriteSimpleResponseAsync(
                    stream,
                    head.Method == "HEAD",
                    redirect.StatusCode,
                    [new("Location", $"http://{redirect.Authority}{pathAndQuery}")],
                    jsonBody: null,
                    close: bodyPending || !keepAlive,
                    cancellationToken);
                return keepAlive && !bodyPending;
            }

            default:
                var limit = fault is CloseAfterBytesFault close ? close.Bytes : (long?)null;
                return await ForwardAsync(head, path, pathAndQuery, host, body, stream, keepAlive, limit, fault, cancellationToken);
        }
    }

    private async Task<bool> ForwardAsync(
        HttpRequestHead head,
        string path,
        string pathAndQuery,
        string? host,
        RequestBodyStream? body,
        Stream stream,
        bool keepAlive,
        long? bodyLimit,
        ProxyFault? fault,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(head.Method), new Uri(Upstream, pathAndQuery))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (body is not null)
        {
            if (head.HasToken("Expect", "100-continue"))
            {
                // We read the body ourselves, so we tell the client to send it.
                await WriteAsciiAsync(stream, "HTTP/1.1 100 Continue\r\n\r\n", cancellationToken);
            }

            request.Content = new StreamContent(body);
            if (body is ContentLengthBodyStream && long.TryParse(head.Header("Content-Length"), CultureInfo.InvariantCulture, out var length))
            {
                request.Content.Headers.ContentLength = length;
            }
        }

        foreach (var (name, value) in head.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        HttpResponseMessage response;
        try
        {
            response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            Record(head, path, pathAndQuery, host, 502, fault);
            await WriteSimpleResponseAsync(
                stream,
                head.Method == "HEAD",
                502,
                [],
                $$"""{"errors":[{"code":"UNAVAILABLE","message":"FaultProxy could not reach the upstream","detail":{{System.Text.Json.JsonSerializer.Serialize(ex.Message)}}}]}""",
                close: true,
                cancellationToken);
            return false;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            Record(head, path, pathAndQuery, host, status, fault);

            var noBody = string.Equals(head.Method, "HEAD", StringComparison.OrdinalIgnoreCase)
                || status is < 200 or 204 or 304;
            var contentLength = response.Content.Headers.ContentLength;
            var chunked = !noBody && contentLength is null;
            var closeAfter = !keepAlive || bodyLimit is not null;

            var headText = new StringBuilder();
            headText.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {response.ReasonPhrase ?? ReasonPhrase(status)}\r\n");
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (HopByHop.Contains(name))
                {
                    continue;
                }

                foreach (var value in values)
                {
                    headText.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                }
            }

            if (contentLength is { } declared)
            {
                headText.Append(CultureInfo.InvariantCulture, $"Content-Length: {declared}\r\n");
            }
            else if (chunked)
            {
                headText.Append("Transfer-Encoding: chunked\r\n");
            }

            if (closeAfter)
            {
                headText.Append("Connection: close\r\n");
            }

            headText.Append("\r\n");
            await WriteAsciiAsync(stream, headText.ToString(), cancellationToken);

            if (!noBody)
            {
                var complete = await CopyBodyAsync(response, stream, chunked, bodyLimit, (fault as ThrottleFault)?.BytesPerSecond, fault is CorruptBodyFault, cancellationToken);
                if (!complete)
                {
                    // Truncation fault: stop mid-body and close, exactly what a dropped connection looks like.
                    await stream.FlushAsync(cancellationToken);
                    return false;
                }
            }

            await stream.FlushAsync(cancellationToken);
            return !closeAfter && (body is null || body.IsComplete);
        }
    }

    /// <summary>Copies the upstream body; false when <paramref name="limit"/> cut it short.</summary>
    private static async Task<bool> CopyBodyAsync(HttpResponseMessage response, Stream stream, bool chunked, long? limit, long? bytesPerSecond, bool corrupt, CancellationToken cancellationToken)
    {
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        long written = 0;
        while (true)
        {
            var read = await source.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            var count = limit is { } max ? (int)Math.Min(read, max - written) : read;
            if (corrupt)
            {
                for (var i = 0; i < count; i++)
                {
                    buffer[i] = (byte)~buffer[i];
                }
            }

            if (count > 0)
            {
                if (chunked)
                {
                    await WriteAsciiAsync(stream, count.ToString("x", CultureInfo.InvariantCulture) + "\r\n", cancellationToken);
                }

                await stream.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
                if (chunked)
                {
                    await WriteAsciiAsync(stream, "\r\n", cancellationToken);
                }

                written += count;
                if (bytesPerSecond is { } rate)
                {
                    await stream.FlushAsync(cancellationToken);
                    await Task.Delay(TimeSpan.FromSeconds((double)count / rate), cancellationToken);
                }
            }

            if (count < read)
            {
                return false;
            }
        }

        if (chunked)
        {
            await WriteAsciiAsync(stream, "0\r\n\r\n", cancellationToken);
        }

        return true;
    }

    private void Record(HttpRequestHead head, string path, string pathAndQuery, string? host, int status, ProxyFault? fault)
    {
        // Recorded before the response is written, so a test that has its response sees the record.
        var headers = head.Headers
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            _requests.Add(new ProxiedRequest(++_sequence, head.Method, path, pathAndQuery, host, headers, status, fault));
        }
    }
}
