using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Images;

/// <summary>
/// A registry as a destination (push): a blob gets there at the least cost — a cross-repository mount when another
/// repository of the registry is known to hold it, else an upload streamed from the source: one monolithic PUT, or PATCH
/// chunks and a closing PUT when the registry (or a proxy before it) refuses the PUT. The registry checks the digest. An
/// upload that meets a 5xx or a dropped connection is done again whole, in a fresh session, a bounded number of times.
/// </summary>
public sealed class RegistrySink : IImageSink
{
    private readonly RegistryClient _registry;
    private readonly long _chunkSize;
    private readonly Func<Digest, IReadOnlyList<string>> _mountCandidates;

    // Whole uploads of one blob before a 5xx or dropped connection is reported; a short, growing pause between them.
    private const int UploadAttempts = 3;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

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

        for (var attempt = 1; ; attempt++)
        {
            session ??= await _registry.StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
            try
            {
                await UploadAsync(repository, blob, session, open, sent, cancellationToken).ConfigureAwait(false);
                return new BlobStored(null);
            }
            catch (RegistryException e) when (attempt < UploadAttempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                // A 5xx or a dropped connection mid-upload leaves the session in a state we cannot know: start afresh.
                // (A chunked upload may have moved on to a later session URL: the registry expires that one itself.)
                await _registry.CancelUploadAsync(repository, session, cancellationToken).ConfigureAwait(false);
                session = null;
                await Task.Delay(RetryDelay * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One whole upload of the blob into <paramref name="session"/>: a monolithic PUT, or PATCH chunks and a PUT.</summary>
    private async Task UploadAsync(Repository repository, Descriptor blob, Uri session, BlobOpener open, Action<long>? sent, CancellationToken cancellationToken)
    {
        var digest = blob.Digest;
        await using var content = await open(cancellationToken).ConfigureAwait(false);
        var size = blob.Size;
        if (!_monolithicRefused)
        {
            using var whole = new BlobWindowStream(content, 0, size, sent);
            if (await _registry.TryPutBlobAsync(repository, session, digest, whole, size, cancellationToken).ConfigureAwait(false))
            {
                return;
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
    }

    /// <summary>
    /// What a fresh upload may get past: the registry's 5xx (or 429), or a connection that failed without an answer (no status).
    /// The client's own retries do not resend a request with a body, so the whole upload is retried here instead.
    /// </summary>
    private static bool IsTransient(RegistryException e) =>
        e.StatusCode is { } status ? RetryHandler.IsRetryable(status) : e.InnerException is HttpRequestException;

    /// <summary>PUTs the manifest's exact bytes under the target's tag (or its digest), so the digest is the source's.</summary>
    public Task<Digest> PutManifestAsync(ImageReference target, ManifestDocument manifest, CancellationToken cancellationToken) =>
        _registry.PutManifestAsync(target.Repository, target.Tag ?? manifest.Digest.ToString(), manifest.MediaType, manifest.Bytes, cancellationToken);
}
