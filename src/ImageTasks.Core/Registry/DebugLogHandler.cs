namespace ImageTasks.Core.Registry;

/// <summary>Logs each request and response line for --debug, with Authorization values and token queries redacted.</summary>
internal sealed class DebugLogHandler : DelegatingHandler
{
    private readonly Action<string> _log;

    public DebugLogHandler(Action<string> log, HttpMessageHandler inner) : base(inner) => _log = log;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var auth = request.Headers.Authorization is { } a ? $" Authorization: {a.Scheme} [redacted]" : "";
        var range = request.Headers.Range is { } r ? $" Range: {r}" : "";
        _log($"--> {request.Method} {Redact(request.RequestUri!)}{auth}{range}");
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var type = response.Content.Headers.ContentType?.MediaType is { } t ? $" Content-Type: {t}" : "";
            var length = response.Content.Headers.ContentLength is { } l ? $" Content-Length: {l}" : "";
            var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var d) ? $" Docker-Content-Digest: {string.Join(",", d)}" : "";
            _log($"<-- {(int)response.StatusCode} {request.Method} {Redact(request.RequestUri!)}{type}{length}{digest}");
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or RegistryException)
        {
            // RegistryException: a timeout or a refused TLS handshake from the layers below.
            _log($"<-- failed {request.Method} {Redact(request.RequestUri!)}: {e.Message}");
            throw;
        }
    }

    /// <summary>Drops user info and any query parameter that can carry a secret.</summary>
    public static string Redact(Uri uri)
    {
        var text = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        if (string.IsNullOrEmpty(uri.Query))
        {
            return text;
        }

        var parameters = uri.Query.TrimStart('?').Split('&').Select(p =>
        {
            var name = p.Split('=')[0];
            return name is "refresh_token" or "password" or "token" or "access_token" or "X-Amz-Signature" or "sig" ? name + "=[redacted]" : p;
        });
        return text + "?" + string.Join("&", parameters);
    }
}
