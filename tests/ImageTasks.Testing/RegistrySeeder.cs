using System.Net;
using System.Net.Http.Headers;

namespace ImageTasks.Testing;

/// <summary>
/// The fixture's own push code (independent of the product) speaking the distribution API
/// directly: monolithic blob uploads, manifest PUTs, index pushes and re-tagging.
/// Every manifest push checks that the registry's Docker-Content-Digest equals the digest
/// computed over the bytes sent.
/// </summary>
public sealed class RegistrySeeder : IDisposable
{
    private readonly HttpClient _client;

    /// <summary>
    /// For an open registry, or one with htpasswd Basic auth when <paramref name="username"/> is given; over
    /// <paramref name="sockets"/> when given (a TLS registry's trust).
    /// </summary>
    public RegistrySeeder(Uri baseUri, string? username = null, string? password = null, HttpMessageHandler? sockets = null)
        : this(baseUri, sockets ?? Sockets())
    {
        if (username is not null)
        {
            _client.DefaultRequestHeaders.Authorization = RegistryProcess.BasicAuthorization(username, password ?? string.Empty);
        }
    }

    /// <summary>
    /// For a token-auth registry: every request carries a Bearer token from <paramref name="pushTokenFor"/> (repository
    /// name -> a token granting pull,push on it), e.g. <see cref="TokenServer.CreateSeeder"/>.
    /// </summary>
    public RegistrySeeder(Uri baseUri, Func<string, string> pushTokenFor)
        : this(baseUri, new RepositoryTokenHandler(pushTokenFor ?? throw new ArgumentNullException(nameof(pushTokenFor)), Sockets()))
    {
    }

    private RegistrySeeder(Uri baseUri, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        BaseUri = baseUri;
        _client = new HttpClient(handler)
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public Uri BaseUri { get; }

    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{digest}");
        using var response = await _client.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureStatusAsync(response, HttpStatusCode.OK, $"HEAD blob {digest} in {repository}", cancellationToken);
        return true;
    }

    /// <summary>Uploads a blob unless HEAD says the repository already has it. Returns true when it uploaded.</summary>
    public async Task<bool> PushBlobAsync(string repository, string digest, Func<Stream> open, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (await BlobExistsAsync(repository, digest, cancellationToken))
        {
            return false;
        }

        Uri location;
        using (var start = new HttpRequestMessage(HttpMethod.Post, $"v2/{repository}/blobs/uploads/"))
        {
            start.Content = new ByteArrayContent([]);
            using var response = await _client.SendAsync(start, cancellationToken);
            await EnsureStatusAsync(response, HttpStatusCode.Accepted, $"POST upload for {digest} in {repository}", cancellationToken);
            var header = response.Headers.Location
                ?? throw new InvalidOperationException($"The registry started an upload in {repository} without a Location header.");
            location = header.IsAbsoluteUri ? header : new Uri(BaseUri, header);
        }

        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        var target = new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest));
        await using var body = open();
        using var put = new HttpRequestMessage(HttpMethod.Put, target) { Content = new StreamContent(body) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using (var response = await _client.SendAsync(put, cancellationToken))
        {
            await EnsureStatusAsync(response, HttpStatusCode.Created, $"PUT blob {digest} in {repository}", cancellationToken);
            // The distribution registry takes a sha512 upload and serves it under that digest, but answers with the
            // canonical sha256 of the bytes: only a sha256 upload's answer can be compared.
            if (digest.StartsWith("sha256:", StringComparison.Ordinal))
            {
                CheckDigest(response, digest, $"blob in {repository}");
            }
        }

        return true;
    }

    /// <summary>PUTs manifest bytes under a tag or digest with Content-Type = media type; returns the registry's digest.</summary>
    public async Task<string> PushManifestAsync(
        string repository,
        string reference,
        byte[] bytes,
        string mediaType,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var expected = Digests.Sha256(bytes);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"v2/{repository}/manifests/{reference}")
        {
            Content = new ByteArrayContent(bytes),
        };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await _client.SendAsync(put, cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.Created, $"PUT manifest {repository}:{reference}", cancellationToken);
        return CheckDigest(response, expected, $"manifest {repository}:{reference}");
    }

    /// <summary>Pushes config and layers, then the manifest by <paramref name="tag"/> (or by digest when null).</summary>
    public async Task<string> PushImageAsync(string repository, SyntheticImage image, string? tag = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        await PushBlobAsync(repository, image.Config.Digest, () => new MemoryStream(image.Config.Bytes, writable: false), cancellationToken);
        foreach (var layer in image.Layers)
        {
            await PushBlobAsync(repository, layer.Digest, layer.OpenRead, cancellationToken);
        }

        return await PushManifestAsync(repository, tag ?? image.Digest, image.Bytes, image.MediaType, cancellationToken);
    }

    /// <summary>Pushes every child by digest (the registry refuses an index whose children are missing), then the index by tag.</summary>
    public async Task<string> PushIndexAsync(string repository, SyntheticIndex index, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        foreach (var image in index.Images)
        {
            await PushImageAsync(repository, image, tag: null, cancellationToken);
        }

        return await PushManifestAsync(repository, tag, index.Bytes, index.MediaType, cancellationToken);
    }

    /// <summary>Gives an existing manifest or index another tag by re-putting its exact bytes.</summary>
    public async Task<string> TagAsync(string repository, string existingReference, string newTag, CancellationToken cancellationToken = default)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{existingReference}");
        get.Headers.TryAddWithoutValidation("Accept", FixtureMediaTypes.AllManifests);
        using var response = await _client.SendAsync(get, cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.OK, $"GET manifest {repository}:{existingReference}", cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType
            ?? throw new InvalidOperationException($"{repository}:{existingReference} came without a Content-Type.");
        return await PushManifestAsync(repository, newTag, bytes, mediaType, cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    private static SocketsHttpHandler Sockets() => new() { UseProxy = false, AllowAutoRedirect = false };

    private static string CheckDigest(HttpResponseMessage response, string expected, string what)
    {
        var actual = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The registry stored {what} as {actual ?? "(no Docker-Content-Digest)"}, expected {expected}.");
        }

        return expected;
    }

    private static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(
                $"{what}: expected {(int)expected} but the registry answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        }
    }
}
