using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Images;

/// <summary>
/// A registry as a destination (push): a blob gets there at the least cost — a cross-repository mount when another
/// repository of the registry is known to hold it, else an upload streamed from the source: one monolithic PUT, or PATCH
/// chunks and a closing PUT when the registry (or a proxy before it) refuses the PUT. The registry checks the digest.
/// </summary>
public sealed class RegistrySink : IImageSink
{
    private readonly RegistryClient _registry;
    private readonly long _chunkSize;
    private readonly Func<Digest, IReadOnlyList<string>> _mountCandidates;

    // Once refused, the rest of this push goes in chunks straight away instead of paying for a refusal per blob.
    private volatile bool _monolithicRefused;

    /// <param name="mountCandidates">paths of repositories on the same registry known to hold a blob (none: always upload)</param>
    public RegistrySink(RegistryClient registry, long chunkSize, Func<Digest, IReadOnlyList<string>>? mountCandidates = null)
    {
        _registry = registry;
        _chunkSize = chunkSize;
        _mountCandidates = mountCandidates ?? (_ => []);
    }

    public string Name => "the registry";

    public Task<bool> HasBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken) =>
        _registry.BlobExistsAsync(repository, blob.Digest, cancellationToken);

    /// <remarks>The opened stream must be seekable: a request is sent again from its start when authentication asks.</remarks>
    public async Task<BlobStored> PutBlobAsync(Repository repository, Descriptor blob, Digest? diffId, BlobOpener open, Action<long>? sent, CancellationToken cancellationToken)
    {
        var digest = blob.Digest;
        Uri? session = null;
        foreach (var from in _mountCandidates(digest))
        {
            if (session is not null)
            {
                await _registry.CancelUploadAsync(repository, session, cancellationToken).ConfigureAwait(false);
            }

            // A registry that cannot mount answers with an upload session instead: the last one is used for the upload.
            session = await _registry.MountBlobAsync(repository, digest, from, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return new BlobStored(null, from);
            }
        }

        await using var content = await open(cancellationToken).ConfigureAwait(false);
        var size = blob.Size;
        session ??= await _registry.StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
        if (!_monolithicRefused)
        {
            using var whole = new BlobWindowStream(content, 0, size, sent);
            if (await _registry.TryPutBlobAsync(repository, session, digest, whole, size, cancellationToken).ConfigureAwait(false))
            {
                return new BlobStored(null);
            }

            _monolithicRefused = true;
            // Whether a refused session is still usable depends on who refused; a new one always is.
            await _registry.CancelUploadAsync(repository, session, cancellationToken).ConfigureAwait(false);
            session = await _registry.StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
        }

        for (long offset = 0; offset < size; offset += _chunkSize)
        {
            var length = Math.Min(_chunkSize, size - offset);
            using var chunk = new BlobWindowStream(content, offset, length, sent);
            session = await _registry.PatchBlobAsync(repository, session, chunk, offset, length, cancellationToken).ConfigureAwait(false);
        }

        await _registry.CompleteUploadAsync(repository, session, digest, cancellationToken).ConfigureAwait(false);
        return new BlobStored(null);
    }

    /// <summary>PUTs the manifest's exact bytes under the target's tag (or its digest), so the digest is the source's.</summary>
    public Task<Digest> PutManifestAsync(ImageReference target, ManifestDocument manifest, CancellationToken cancellationToken) =>
        _registry.PutManifestAsync(target.Repository, target.Tag ?? manifest.Digest.ToString(), manifest.MediaType, manifest.Bytes, cancellationToken);
}
