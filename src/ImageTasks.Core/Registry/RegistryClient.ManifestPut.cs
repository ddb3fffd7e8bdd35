using System.Net.Http.Headers;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>Manifest upload: the exact bytes, under their own media type, so the digest the registry files them by is ours.</summary>
public sealed partial class RegistryClient
{
    /// <summary>PUT of a manifest by tag (or digest).</summary>
    /// <returns>the manifest's digest, as computed over <paramref name="bytes"/> and confirmed by the registry</returns>
    public async Task<Digest> PutManifestAsync(Repository repository, string tagOrDigest, string mediaType, byte[] bytes, CancellationToken cancellationToken)
    {
        var digest = Digest.Compute(bytes);
        using var request = NewRequest(HttpMethod.Put, repository.Domain, $"v2/{repository.Path}/manifests/{tagOrDigest}");
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await PushErrorAsync(response, $"manifest for {Describe(repository, tagOrDigest)}", cancellationToken).ConfigureAwait(false);
        }

        if (AnnouncedDigest(response) is { } announced && announced.Algorithm == digest.Algorithm && announced != digest)
        {
            throw new ManifestException($"manifest for {Describe(repository, tagOrDigest)} was filed by the registry as {announced}, but its bytes have digest {digest}");
        }

        return digest;
    }
}
