using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>
/// The distribution API v2, as the engine needs it: manifests (GET/HEAD), blobs (streamed, resumable), tags. HTTP concerns
/// are stacked as handlers: retry -> authentication -> redirects -> (debug log) -> sockets.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly RegistryOptions _options;
    private readonly HttpClient _http;

    public RegistryClient(RegistryOptions options, ICredentialProvider? credentials = null)
    {
        _options = options;
        HttpMessageHandler handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // RedirectHandler decides what a redirect may carry
            AutomaticDecompression = DecompressionMethods.None, // blobs are hashed as the registry sent them
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            MaxConnectionsPerServer = 16,
        };
        if (options.DebugLog is { } log)
        {
            handler = new DebugLogHandler(log, handler);
        }

        handler = new RedirectHandler(handler);
        handler = new AuthenticationHandler(credentials ?? new DockerConfigCredentials(options.DockerConfigDirectory), handler);
        handler = new RetryHandler(options, handler);
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    /// <summary>GET /v2/: is the registry there, and can we authenticate? (login uses it.)</summary>
    public async Task PingAsync(string registry, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, registry, "v2/");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, $"{registry}: {(int)response.StatusCode} {response.ReasonPhrase}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fetches a manifest or index by tag or digest and checks its digest against what was asked for or announced.</summary>
    public async Task<ManifestDocument> GetManifestAsync(ImageReference repository, string tagOrDigest, CancellationToken cancellationToken)
    {
        using var request = ManifestRequest(HttpMethod.Get, repository, tagOrDigest);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var what = Describe(repository, tagOrDigest);
        if (!response.IsSuccessStatusCode)
        {
            throw await ManifestErrorAsync(response, what, cancellationToken).ConfigureAwait(false);
        }

        if (response.Content.Headers.ContentLength > ManifestDocument.MaxSize)
        {
            throw new ManifestException($"manifest for {what} is larger than {ManifestDocument.MaxSize} bytes");
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var document = ManifestDocument.Parse(bytes, response.Content.Headers.ContentType?.MediaType, what);
        if (Digest.TryParse(tagOrDigest, out var asked) && asked != document.Digest)
        {
            throw new ManifestException($"manifest for {what} does not match its digest: the registry sent content with digest {document.Digest}");
        }

        if (AnnouncedDigest(response) is { } announced && announced.Algorithm == "sha256" && announced != document.Digest)
        {
            throw new ManifestException($"manifest for {what} does not match the Docker-Content-Digest the registry announced ({announced}); got {document.Digest}");
        }

        return document;
    }

    /// <summary>
    /// HEAD on a manifest: the digest a tag points to now, without downloading (and, on Docker Hub, without counting as a
    /// pull). Falls back to GET when the registry does not announce a digest.
    /// </summary>
    public async Task<ManifestHead> HeadManifestAsync(ImageReference repository, string tagOrDigest, CancellationToken cancellationToken)
    {
        using (var request = ManifestRequest(HttpMethod.Head, repository, tagOrDigest))
        using (var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
        {
            if (response.IsSuccessStatusCode && AnnouncedDigest(response) is { } digest && response.Content.Headers.ContentType?.MediaType is { } type)
            {
                return new ManifestHead(digest, type, response.Content.Headers.ContentLength ?? 0);
            }

            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.MethodNotAllowed)
            {
                throw await ManifestErrorAsync(response, Describe(repository, tagOrDigest), cancellationToken).ConfigureAwait(false);
            }
        }

        var document = await GetManifestAsync(repository, tagOrDigest, cancellationToken).ConfigureAwait(false);
        return new ManifestHead(document.Digest, document.MediaType, document.Bytes.Length);
    }

    /// <summary>Opens a blob as a stream that resumes with Range requests when the connection drops.</summary>
    public async Task<Stream> OpenBlobAsync(ImageReference repository, Digest digest, long? size, CancellationToken cancellationToken)
    {
        var path = $"v2/{repository.Path}/blobs/{digest}";
        async Task<HttpResponseMessage> OpenAt(long offset, CancellationToken token)
        {
            using var request = NewRequest(HttpMethod.Get, repository.Domain, path);
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw await ErrorAsync(response, $"blob {digest} of {repository.NameOnly()}: {(int)response.StatusCode} {response.ReasonPhrase}", token).ConfigureAwait(false);
                }
            }

            return response;
        }

        return await ResumableBlobStream.OpenAsync(OpenAt, size, _options.MaxAttempts, _options.RetryBaseDelay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every tag of a repository, following <c>Link</c> headers page by page.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        string? next = $"v2/{repository.Path}/tags/list";
        while (next is not null)
        {
            using var request = NewRequest(HttpMethod.Get, repository.Domain, next);
            using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, $"tags of {repository.NameOnly().ToFamiliarString()}: {(int)response.StatusCode} {response.ReasonPhrase}", cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var page = await JsonSerializer.DeserializeAsync(body, RegistryJsonContext.Default.TagList, cancellationToken).ConfigureAwait(false);
            tags.AddRange(page?.Tags ?? []);
            next = NextLink(response);
        }

        return tags;
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage ManifestRequest(HttpMethod method, ImageReference repository, string tagOrDigest)
    {
        var request = NewRequest(method, repository.Domain, $"v2/{repository.Path}/manifests/{tagOrDigest}");
        foreach (var type in MediaTypes.AcceptedManifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string registry, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(RegistryEndpoint.BaseUri(registry, _options), relative));
        request.Options.Set(RegistryRequest.Registry, registry);
        return request;
    }

    /// <summary>Network failures become one line naming the method and URL, as Docker words them.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            var cause = e.InnerException?.Message ?? e.Message;
            throw new RegistryException($"{Capitalised(request.Method.Method)} \"{DebugLogHandler.Redact(request.RequestUri!)}\": {cause}", innerException: e);
        }
    }

    private static string Capitalised(string method) => method[..1] + method[1..].ToLowerInvariant();

    private static string Describe(ImageReference repository, string tagOrDigest) =>
        Digest.TryParse(tagOrDigest, out var digest) ? repository.NameOnly().WithDigest(digest).ToFamiliarString() : repository.NameOnly().WithTag(tagOrDigest).ToFamiliarString();

    private static Digest? AnnouncedDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var digest) ? digest : null;

    /// <summary>Docker's wording: "manifest for x:y not found: manifest unknown: manifest unknown", "pull access denied for x".</summary>
    private static async Task<RegistryException> ManifestErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
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

    private static async Task<RegistryException> ErrorAsync(HttpResponseMessage response, string message, CancellationToken cancellationToken)
    {
        var (codes, detail) = await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false);
        return new RegistryException(detail is null ? message : $"{message}: {detail}", response.StatusCode, codes);
    }

    /// <summary>Distribution's error body: <c>{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}</c>.</summary>
    private static async Task<(IReadOnlyList<string> Codes, string? Detail)> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text) || text.Length > 65536)
            {
                return ([], null);
            }

            var errors = JsonSerializer.Deserialize(text, RegistryJsonContext.Default.ErrorsResponse)?.Errors ?? [];
            var codes = errors.Select(e => e.Code ?? "").Where(c => c.Length > 0).ToList();
            var detail = errors.Count == 0 ? null : string.Join("; ", errors.Select(e =>
                $"{(e.Code ?? "unknown").ToLowerInvariant().Replace('_', ' ')}: {e.Message}"));
            return (codes, detail);
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            return ([], null);
        }
    }

    /// <summary>The next page from a <c>Link: &lt;/v2/...&gt;; rel="next"</c> header, relative to the registry.</summary>
    private static string? NextLink(HttpResponseMessage response)
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
                return Uri.TryCreate(target, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery.TrimStart('/') : target.TrimStart('/');
            }
        }

        return null;
    }
}
