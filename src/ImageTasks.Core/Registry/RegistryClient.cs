using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>
/// The distribution API v2, as the engine needs it: manifests (GET/HEAD), blobs (streamed, resumable), tags. HTTP concerns
/// are stacked as handlers: retry -> redirects -> authentication -> (debug log) -> timeouts -> sockets (one pool and TLS trust
/// per host). Authentication sits inside redirects so every hop is answered for its own host: a redirect target's
/// challenge never sees the registry's credentials, and its token never goes back to the registry.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly RegistryOptions _options;
    private readonly ICredentialProvider? _credentials;
    private readonly HttpClient _http;

    public RegistryClient(RegistryOptions options, ICredentialProvider? credentials = null)
    {
        _options = options;
        _credentials = credentials;
        HttpMessageHandler handler = new TimeoutHandler(options, new RegistryTransport(options));
        if (options.DebugLog is { } log)
        {
            handler = new DebugLogHandler(log, handler);
        }

        handler = new AuthenticationHandler(credentials ?? new DockerConfigCredentials(options.DockerConfigDirectory), handler);
        handler = new RedirectHandler(handler);
        handler = new RetryHandler(options, handler);

        // TimeoutHandler bounds each step; the total is not bounded, because a large layer may take long while alive.
        // The buffer bound covers the few calls that let HttpClient buffer (pings, upload steps): their bodies are errors.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = ResponseBody.MaxError };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    /// <summary>
    /// GET /v2/: is the registry there, and can we authenticate? Login uses it, so a refusal is worded as docker login
    /// words it: "login attempt to http://host/v2/ failed with status: 401 Unauthorized".
    /// </summary>
    public async Task PingAsync(string registry, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, registry, "v2/");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryException(
                $"login attempt to {DebugLogHandler.Redact(request.RequestUri!)} failed with status: {(int)response.StatusCode} {response.ReasonPhrase}",
                response.StatusCode);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The settings this client was made with: sources read the mirrors and the debug log from here.</summary>
    public RegistryOptions Options => _options;

    /// <summary>A client for a developer build's tag check (<see cref="RegistryOptions.ForTagCheck"/>), with the same credentials.</summary>
    public RegistryClient ForTagCheck() => new(_options.ForTagCheck(), _credentials);

    internal HttpRequestMessage ManifestRequest(HttpMethod method, Repository repository, string tagOrDigest)
    {
        var request = NewRequest(method, repository.Domain, $"v2/{repository.Path}/manifests/{tagOrDigest}");
        foreach (var type in MediaTypes.AcceptedManifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    internal HttpRequestMessage NewRequest(HttpMethod method, string registry, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(RegistryEndpoint.BaseUri(registry, _options), relative));
        request.Options.Set(RegistryRequest.Registry, registry);
        if (_options.Mirrors.EndpointFor(registry) is not null)
        {
            request.Options.Set(RegistryRequest.SingleAttempt, true);
        }

        return request;
    }

    /// <summary>Network failures become one line naming the method and URL, as Docker words them.</summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is RegistryException inner)
        {
            // A stall or a bound hit while HttpClient buffered a body: the inner error already says what and where.
            throw new RegistryException(inner.Message, innerException: e);
        }
        catch (TokenServerUnreachableException e)
        {
            // Already names the URL that failed (the token server's), which is not the request's.
            throw new RegistryException(e.Message, innerException: e);
        }
        catch (HttpRequestException e)
        {
            var cause = e.InnerException?.Message ?? e.Message;
            throw new RegistryException($"{Capitalised(request.Method.Method)} \"{DebugLogHandler.Redact(request.RequestUri!)}\": {cause}", innerException: e);
        }
    }

    /// <summary>"Get", "Head": Go's (and so Docker's) spelling of a method in error messages.</summary>
    internal static string Capitalised(string method) => method[..1] + method[1..].ToLowerInvariant();

    internal static string Describe(Repository repository, string tagOrDigest) =>
        Digest.TryParse(tagOrDigest, out var digest) ? repository.WithDigest(digest).ToFamiliarString() : repository.WithTag(tagOrDigest).ToFamiliarString();

    internal static Digest? AnnouncedDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var digest) ? digest : null;

    /// <summary>Docker's wording: "manifest for x:y not found: manifest unknown: manifest unknown", "pull access denied for x".</summary>
    internal static async Task<RegistryException> ManifestErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var (codes, detail) = await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false);
        var message = response.StatusCode switch
        {
            HttpStatusCode.NotFound => $"manifest for {what} not found: {detail ?? "manifest unknown"}",
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"pull access denied for {what.Split('@')[0]}, repository does not exist or may require 'docker login'{(detail is null ? "" : ": " + detail)}",
            _ => $"manifest for {what}: {(int)response.StatusCode} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}",
        };
        return new RegistryException(message, response.StatusCode, codes);
    }

    internal static async Task<RegistryException> ErrorAsync(HttpResponseMessage response, string message, CancellationToken cancellationToken)
    {
        var (codes, detail) = await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false);
        return new RegistryException(detail is null ? message : $"{message}: {detail}", response.StatusCode, codes);
    }

    /// <summary>Distribution's error body: <c>{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}</c>.</summary>
    private static async Task<(IReadOnlyList<string> Codes, string? Detail)> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            // An error body past its bound (or one that stalls or breaks) is dropped: the status still says what went wrong.
            var bytes = await ResponseBody.ReadAsync(response, ResponseBody.MaxError, "error body", cancellationToken).ConfigureAwait(false);
            if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            {
                return ([], null);
            }

            var errors = JsonSerializer.Deserialize(bytes, RegistryJsonContext.Default.ErrorsResponse)?.Errors ?? [];
            var codes = errors.Select(e => e.Code ?? "").Where(c => c.Length > 0).ToList();
            var detail = errors.Count == 0 ? null : string.Join("; ", errors.Select(e =>
                $"{(e.Code ?? "unknown").ToLowerInvariant().Replace('_', ' ')}: {e.Message}"));
            return (codes, detail);
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException or RegistryException)
        {
            return ([], null);
        }
    }

    /// <summary>The next page from a <c>Link: &lt;/v2/...&gt;; rel="next"</c> header, relative to the registry.</summary>
    internal static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links)
        {
            var open = link.IndexOf('<', StringComparison.Ordinal);
            var close = link.IndexOf('>', StringComparison.Ordinal);
            if (open >= 0 && close > open && link.Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                var target = link[(open + 1)..close];
                // On Unix "/v2/..." parses as an absolute file: URI (whose '?' would be escaped): only http(s) is absolute here.
                return Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
                    ? absolute.PathAndQuery.TrimStart('/')
                    : target.TrimStart('/');
            }
        }

        return null;
    }
}
