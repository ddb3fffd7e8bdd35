namespace ImageTasks.Core.Registry;

/// <summary>
/// Nothing a registry does may hang a build: the response headers must arrive within
/// <see cref="RegistryOptions.ResponseHeadersTimeout"/>, and every body read must bring a byte within
/// <see cref="RegistryOptions.ReadIdleTimeout"/> (a body that trickles or stalls is abandoned). The errors name the host
/// and what stalled. They are not <see cref="HttpRequestException"/>s, so a stalled registry is not asked again and again.
/// </summary>
internal sealed class TimeoutHandler : DelegatingHandler
{
    private readonly RegistryOptions _options;

    public TimeoutHandler(RegistryOptions options, HttpMessageHandler inner) : base(inner) => _options = options;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var body = request.Content;
        if (body is null)
        {
            headers.CancelAfter(_options.ResponseHeadersTimeout);
        }
        else
        {
            // With a body, the wait for the answer starts once the body is sent: an upload may take long while alive.
            request.Content = new SentSignalContent(body, () => StartHeadersTimer(headers));
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, headers.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation whose cause is a TimeoutException.
            var message = e.InnerException is TimeoutException && !headers.IsCancellationRequested
                ? $"{Peer(request)} could not be connected to within {Seconds(_options.ConnectTimeout)}"
                : $"{Peer(request)} sent no response headers within {Seconds(_options.ResponseHeadersTimeout)}";
            throw new RegistryException(message, innerException: e);
        }
        finally
        {
            // The caller owns its body (and may send the request again after a challenge): hand the original back.
            if (body is not null)
            {
                request.Content = body;
            }
        }

        response.Content = new IdleTimeoutContent(response.Content, _options.ReadIdleTimeout, Peer(request), What(request));
        return response;
    }

    private void StartHeadersTimer(CancellationTokenSource headers)
    {
        try
        {
            headers.CancelAfter(_options.ResponseHeadersTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The answer came before the body was sent in full (a refusal): nothing is waiting any more.
        }
    }

    /// <summary>"registry 127.0.0.1:5000", or "token server auth.example.com" for a token request.</summary>
    internal static string Peer(HttpRequestMessage request) =>
        $"{(request.Options.TryGetValue(RegistryRequest.Peer, out var peer) ? peer : "registry")} {request.RequestUri!.Authority}";

    internal static string Seconds(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1 ? $"{timeout.TotalSeconds:0.#}s" : $"{timeout.TotalMilliseconds:0}ms";

    /// <summary>What a body is, for the stall message: "blob sha256:...", "manifest 1", else the method and path.</summary>
    private static string What(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (!path.Contains("/blobs/uploads/", StringComparison.Ordinal))
        {
            foreach (var (marker, noun) in (ReadOnlySpan<(string, string)>)[("/blobs/", "blob "), ("/manifests/", "manifest ")])
            {
                var at = path.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    return noun + Uri.UnescapeDataString(path[(at + marker.Length)..]);
                }
            }
        }

        return $"the answer to {request.Method} {DebugLogHandler.Redact(request.RequestUri)}";
    }
}
