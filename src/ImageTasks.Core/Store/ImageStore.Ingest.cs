using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store.Ingest;

namespace ImageTasks.Core.Store;

/// <summary>
/// Verified ingest: every layer, from any source (a registry, an archive, another layout), reaches the store through
/// here. One pass over the bytes: written to a temp file and hashed (distribution digest), inflated and hashed again
/// (diff_id), its files measured; the blob takes its final name only when digest, size and diff_id all match. Bytes
/// that are already in a temp file of the store, hashed as they were written there (an archive's files, a mirror's
/// verified blob: <see cref="SpooledBlob"/>), are not written again: they are read for the diff_id and renamed.
/// </summary>
public sealed partial class ImageStore
{
    /// <param name="layer">the manifest's descriptor: digest, size and media type (which tells the compression)</param>
    /// <param name="expectedDiffId">the config's rootfs.diff_ids entry for this layer</param>
    /// <param name="received">called with the count of bytes received so far</param>
    /// <param name="verifying">called once every byte is in, before the digests are compared</param>
    /// <returns>the layer's diff_id and unpacked size, also recorded for ls and rm</returns>
    public async Task<LayerInfo> IngestLayerAsync(
        Descriptor layer, Digest expectedDiffId, Stream content, Action<long>? received, Action? verifying, CancellationToken cancellationToken)
    {
        using var staging = new StoreStaging(this);
        var info = await StageLayerAsync(staging, layer, expectedDiffId, content, received, verifying, cancellationToken).ConfigureAwait(false);
        staging.Publish();
        return info;
    }

    /// <summary>Stores a blob that is not a layer (a config), streamed and checked against its digest and size.</summary>
    public async Task IngestBlobAsync(Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        using var staging = new StoreStaging(this);
        await StageBlobAsync(staging, blob, content, cancellationToken).ConfigureAwait(false);
        staging.Publish();
    }

    /// <summary>
    /// The verified ingest of a layer, up to but not including its final name: the verified temp file joins
    /// <paramref name="staging"/>, which names it (and records its layer facts) when it is published.
    /// </summary>
    internal async Task<LayerInfo> StageLayerAsync(
        StoreStaging staging, Descriptor layer, Digest expectedDiffId, Stream content, Action<long>? received, Action? verifying, CancellationToken cancellationToken)
    {
        if (Adoptable(content) is { } spooled)
        {
            return await AdoptLayerAsync(staging, layer, expectedDiffId, spooled, received, verifying, cancellationToken).ConfigureAwait(false);
        }

        var ingest = staging.Add(BeginIngest(layer.Digest));
        var tee = new TeeReadStream(content, ingest, received ?? (_ => { }));
        var (diffId, contentSize) = await LayerVerifier.ReadAsync(tee, MediaTypes.CompressionOf(layer.MediaType), expectedDiffId, cancellationToken).ConfigureAwait(false);
        verifying?.Invoke();
        CheckDiffId(layer, diffId, expectedDiffId);
        await ingest.VerifyAsync(layer.Size, cancellationToken).ConfigureAwait(false);
        return Staged(staging, layer, new LayerInfo(diffId, contentSize));
    }

    /// <summary>
    /// A layer already in a temp file of the store, hashed as it was written there: its digest and size are compared,
    /// its content read once more for the diff_id (not even that for an uncompressed layer, whose diff_id is its own
    /// digest), and the file is renamed into place on publish rather than copied.
    /// </summary>
    private async Task<LayerInfo> AdoptLayerAsync(
        StoreStaging staging, Descriptor layer, Digest expectedDiffId, SpooledBlobStream spooled, Action<long>? received, Action? verifying, CancellationToken cancellationToken)
    {
        BlobIngest.Check(layer.Digest, layer.Size, spooled.Blob.Digest, spooled.Blob.Length);
        var compression = MediaTypes.CompressionOf(layer.MediaType);
        Digest diffId;
        long contentSize;
        if (compression == LayerCompression.None && layer.Digest.Algorithm == expectedDiffId.Algorithm)
        {
            // The bytes are the content: their digest, measured on the way in, is the diff_id; only the tar's headers are read.
            diffId = spooled.Blob.Digest;
            contentSize = await TarContentSize.MeasureAsync(spooled, cancellationToken).ConfigureAwait(false) ?? spooled.Blob.Length;
            received?.Invoke(spooled.Blob.Length);
        }
        else
        {
            // Stream.Null: the bytes are stored already; the tee only reports progress.
            (diffId, contentSize) = await LayerVerifier.ReadAsync(
                new TeeReadStream(spooled, Stream.Null, received ?? (_ => { })), compression, expectedDiffId, cancellationToken).ConfigureAwait(false);
        }

        verifying?.Invoke();
        CheckDiffId(layer, diffId, expectedDiffId);
        staging.Adopt(spooled);
        return Staged(staging, layer, new LayerInfo(diffId, contentSize));
    }

    private static void CheckDiffId(Descriptor layer, Digest diffId, Digest expectedDiffId)
    {
        if (diffId != expectedDiffId)
        {
            throw new StoreException(
                $"layer {layer.Digest} failed verification: its uncompressed content has digest {diffId}, but the image config's rootfs.diff_ids says {expectedDiffId}");
        }
    }

    /// <summary>Records the layer's facts when <paramref name="staging"/> names it.</summary>
    private LayerInfo Staged(StoreStaging staging, Descriptor layer, LayerInfo info)
    {
        staging.OnPublish(() => PutLayerInfo(layer.Digest, info));
        return info;
    }

    /// <summary>A blob that is not a layer (a config, a manifest), verified against its digest and size into <paramref name="staging"/>.</summary>
    internal async Task StageBlobAsync(StoreStaging staging, Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        if (Adoptable(content) is { } spooled)
        {
            BlobIngest.Check(blob.Digest, blob.Size, spooled.Blob.Digest, spooled.Blob.Length);
            staging.Adopt(spooled);
            return;
        }

        var ingest = staging.Add(BeginIngest(blob.Digest));
        await content.CopyToAsync(ingest, cancellationToken).ConfigureAwait(false);
        await ingest.VerifyAsync(blob.Size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Content spooled into this store's own temp folder (same file system): taken by rename, not copied.</summary>
    private SpooledBlobStream? Adoptable(Stream content) =>
        content is SpooledBlobStream spooled
        && string.Equals(Path.GetDirectoryName(Path.GetFullPath(spooled.Blob.Path)), Path.GetFullPath(TempFolder), StringComparison.Ordinal)
            ? spooled
            : null;

    /// <summary>Starts a set of blobs that become visible together (see <see cref="StoreStaging"/>).</summary>
    public StoreStaging BeginStaging() => new(this);
}
