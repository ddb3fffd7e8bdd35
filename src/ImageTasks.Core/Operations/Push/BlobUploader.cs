using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Push;

/// <summary>
/// Gets one blob into a repository at the least cost: nothing when the repository has it (HEAD), a cross-repository
/// mount when another repository of the registry has it, else an upload streamed from the store file — one monolithic
/// PUT, or PATCH chunks and a closing PUT when the registry (or a proxy before it) refuses the PUT.
/// </summary>
internal sealed class BlobUploader
{
    private readonly RegistryClient _registry;
    private readonly ImageStore _store;
    private readonly long _chunkSize;

    // Once refused, the rest of this push goes in chunks straight away instead of paying for a refusal per blob.
    private volatile bool _monolithicRefused;

    public BlobUploader(RegistryClient registry, ImageStore store, long chunkSize)
    {
        _registry = registry;
        _store = store;
        _chunkSize = chunkSize;
    }

    /// <param name="mountFrom">paths of repositories on the same registry that are known to hold the blob</param>
    /// <param name="sent">receives how many bytes of the blob have been read for sending</param>
    public async Task<BlobOutcome> PushAsync(
        Repository repository, Digest digest, long size, IReadOnlyList<string> mountFrom, Action<long>? sent, CancellationToken cancellationToken)
    {
        if (await _registry.BlobExistsAsync(repository, digest, cancellationToken).ConfigureAwait(false))
        {
            return BlobOutcome.Existed;
        }

        Uri? session = null;
        foreach (var from in mountFrom)
        {
            if (session is not null)
            {
                await _registry.CancelUploadAsync(repository, session, cancellationToken).ConfigureAwait(false);
            }

            session = await _registry.MountBlobAsync(repository, digest, from, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return BlobOutcome.Mounted(from);
            }
        }

        if (!_store.HasBlob(digest))
        {
            throw new StoreException($"cannot push blob {digest} to {repository}: it is not in the store, and the registry does not have it either");
        }

        await using var file = _store.OpenBlob(digest);
        session ??= await _registry.StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
        if (!_monolithicRefused)
        {
            using var whole = new BlobWindowStream(file, 0, size, sent);
            if (await _registry.TryPutBlobAsync(repository, session, digest, whole, size, cancellationToken).ConfigureAwait(false))
            {
                return BlobOutcome.Uploaded;
            }

            _monolithicRefused = true;
            // Whether a refused session is still usable depends on who refused; a new one always is.
            await _registry.CancelUploadAsync(repository, session, cancellationToken).ConfigureAwait(false);
            session = await _registry.StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
        }

        for (long offset = 0; offset < size; offset += _chunkSize)
        {
            var length = Math.Min(_chunkSize, size - offset);
            using var chunk = new BlobWindowStream(file, offset, length, sent);
            session = await _registry.PatchBlobAsync(repository, session, chunk, offset, length, cancellationToken).ConfigureAwait(false);
        }

        await _registry.CompleteUploadAsync(repository, session, digest, cancellationToken).ConfigureAwait(false);
        return BlobOutcome.Uploaded;
    }
}
