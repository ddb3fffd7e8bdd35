using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Images;

/// <summary>
/// The local store as a destination: blobs through its verified ingest (a layer's diff_id checked as it is inflated),
/// manifests as the exact bytes received. Naming the image (the index entry) is the pull's business, once every blob is in.
/// </summary>
public sealed class StoreSink : IImageSink
{
    private readonly ImageStore _store;
    private readonly StoreStaging? _staging;

    public StoreSink(ImageStore store) => _store = store;

    /// <summary>A sink whose blobs stay unnamed in <paramref name="staging"/> until it is published (a load: all or nothing).</summary>
    public StoreSink(StoreStaging staging)
        : this(staging.Store) => _staging = staging;

    public string Name => "the image store";

    /// <summary>Whether the blob is stored; a layer's own check against its diff_id is <see cref="ImageStore.VerifiedLayer"/>.</summary>
    public Task<bool> HasBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken) =>
        Task.FromResult(_store.HasBlob(blob.Digest));

    public async Task<BlobStored> PutBlobAsync(Repository repository, Descriptor blob, Digest? diffId, BlobOpener open, Action<long>? sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (diffId is { } expected)
        {
            return new BlobStored(_staging is null
                ? (await PutLayerOnceAsync(blob, expected, open, sent, null, cancellationToken).ConfigureAwait(false)).Layer
                : await StageLayerAsync(blob, expected, open, sent, cancellationToken).ConfigureAwait(false));
        }

        await using var content = await open(cancellationToken).ConfigureAwait(false);
        if (_staging is null)
        {
            await _store.IngestBlobAsync(blob, content, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _store.StageBlobAsync(_staging, blob, content, cancellationToken).ConfigureAwait(false);
        }

        return new BlobStored(null);
    }

    private async Task<LayerInfo> StageLayerAsync(Descriptor layer, Digest diffId, BlobOpener open, Action<long>? sent, CancellationToken cancellationToken)
    {
        await using var content = await open(cancellationToken).ConfigureAwait(false);
        return await _store.StageLayerAsync(_staging!, layer, diffId, content, sent, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A layer fetched once across processes (the store's per-blob claim): when another process is fetching it,
    /// <paramref name="waiting"/> is called and the layer is then found present, not opened.
    /// </summary>
    public Task<(LayerInfo Layer, bool WasPresent)> PutLayerOnceAsync(Descriptor layer, Digest diffId, BlobOpener open, Action<long>? sent, Action? waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        return _store.IngestLayerOnceAsync(layer, diffId, token => open(token), sent, waiting, cancellationToken);
    }

    public async Task<Digest> PutManifestAsync(ImageReference target, ManifestDocument manifest, CancellationToken cancellationToken)
    {
        if (_staging is null)
        {
            await _store.PutBlobAsync(manifest.Bytes, manifest.Digest, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var bytes = new MemoryStream(manifest.Bytes, writable: false);
            await _store.StageBlobAsync(_staging, new Descriptor { Digest = manifest.Digest, Size = manifest.Bytes.Length, MediaType = manifest.MediaType }, bytes, cancellationToken).ConfigureAwait(false);
        }

        return manifest.Digest;
    }
}
