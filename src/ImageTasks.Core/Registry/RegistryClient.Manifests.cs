using System.Net;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>Manifests: GET (digest checked over the bytes received) and HEAD.</summary>
public sealed partial class RegistryClient
{
    /// <summary>Fetches a manifest or index by tag or digest and checks its digest against what was asked for or announced.</summary>
    public async Task<ManifestDocument> GetManifestAsync(Repository repository, string tagOrDigest, CancellationToken cancellationToken)
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

        // Chunked or lying about its length, a manifest is still read no further than the bound.
        var bytes = await ResponseBody.ReadAsync(response, ManifestDocument.MaxSize, $"manifest for {what}", cancellationToken).ConfigureAwait(false);
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
    public async Task<ManifestHead> HeadManifestAsync(Repository repository, string tagOrDigest, CancellationToken cancellationToken)
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
}
