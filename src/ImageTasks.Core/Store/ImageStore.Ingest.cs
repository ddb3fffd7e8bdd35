using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store.Ingest;

namespace ImageTasks.Core.Store;

/// <summary>
/// Verified ingest: every layer, from any source (a registry, an archive, another layout), reaches the store through
/// here. One pass over the bytes: written to a temp file and hashed (distribution digest), inflated and hashed again
/// (diff_id), its files measured; the blob takes its final name only when digest, size and diff_id all match.
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
        var ingest = staging.Add(BeginIngest(layer.Digest));
        var tee = new TeeReadStream(content, ingest, received ?? (_ => { }));
        var (diffId, contentSize) = await LayerVerifier.ReadAsync(tee, MediaTypes.CompressionOf(layer.MediaType), expectedDiffId, cancellationToken).ConfigureAwait(false);
        verifying?.Invoke();
        if (diffId != expectedDiffId)
        {
            throw new StoreException(
                $"layer {layer.Digest} failed verification: its uncompressed content has digest {diffId}, but the image config's rootfs.diff_ids says {expectedDiffId}");
        }

        await ingest.VerifyAsync(layer.Size, cancellationToken).ConfigureAwait(false);
        var info = new LayerInfo(diffId, contentSize);
        staging.OnPublish(() => PutLayerInfo(layer.Digest, info));
        return info;
    }

    /// <summary>A blob that is not a layer (a config, a manifest), verified against its digest and size into <paramref name="staging"/>.</summary>
    internal async Task StageBlobAsync(StoreStaging staging, Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        var ingest = staging.Add(BeginIngest(blob.Digest));
        await content.CopyToAsync(ingest, cancellationToken).ConfigureAwait(false);
        await ingest.VerifyAsync(blob.Size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a set of blobs that become visible together (see <see cref="StoreStaging"/>).</summary>
    public StoreStaging BeginStaging() => new(this);
}
