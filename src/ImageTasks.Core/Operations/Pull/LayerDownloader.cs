using System.Buffers;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Pull;

/// <summary>
/// Downloads one layer and verifies it in a single pass over the bytes as they arrive: the compressed stream is hashed
/// while it is written to a temp file (distribution digest) and decompressed on the fly and hashed again (diff_id, the
/// content digest). Only when both match does the blob take its final name.
/// </summary>
internal sealed class LayerDownloader
{
    private const int BufferSize = 1 << 17;
    private const long ProgressStep = 1 << 19;

    private readonly RegistryClient _registry;
    private readonly ImageStore _store;

    public LayerDownloader(RegistryClient registry, ImageStore store)
    {
        _registry = registry;
        _store = store;
    }

    /// <returns>the layer's uncompressed size and diff_id</returns>
    public async Task<LayerInfo> DownloadAsync(Repository repository, Descriptor layer, Digest expectedDiffId, IProgress<PullEvent>? progress, CancellationToken cancellationToken)
    {
        var digest = layer.Digest;
        await using var blob = await _registry.OpenBlobAsync(repository, digest, layer.Size, cancellationToken).ConfigureAwait(false);
        using var ingest = _store.BeginIngest(digest);
        long reported = 0;
        var tee = new TeeReadStream(blob, ingest, received =>
        {
            if (received - reported >= ProgressStep || received == layer.Size)
            {
                reported = received;
                progress?.Report(new LayerProgress(digest, received, layer.Size));
            }
        });

        var (diffId, contentSize) = await ReadAsync(tee, MediaTypes.CompressionOf(layer.MediaType), expectedDiffId, cancellationToken).ConfigureAwait(false);
        progress?.Report(new LayerVerifying(digest));
        if (diffId != expectedDiffId)
        {
            throw new StoreException(
                $"layer {digest} failed verification: its uncompressed content has digest {diffId}, but the image config's rootfs.diff_ids says {expectedDiffId}");
        }

        progress?.Report(new LayerDownloaded(digest));
        await ingest.CommitAsync(layer.Size, cancellationToken).ConfigureAwait(false);
        var info = new LayerInfo(diffId, contentSize);
        _store.PutLayerInfo(digest, info);
        return info;
    }

    /// <summary>
    /// Reads a layer blob to its end (every byte passes whatever the stream tees it to), returning its diff_id and content
    /// size. The single place the layer pipeline lives: the pull and the benchmarks call it.
    /// </summary>
    internal static async Task<(Digest DiffId, long ContentSize)> ReadAsync(Stream blob, LayerCompression compression, Digest declaredDiffId, CancellationToken cancellationToken)
    {
        var result = compression switch
        {
            LayerCompression.Gzip => await GzipLayerPipeline.RunAsync(blob, cancellationToken).ConfigureAwait(false),
            LayerCompression.None => await TarContentSize.HashAndMeasureAsync(blob, cancellationToken).ConfigureAwait(false),
            // No zstd decoder in the base library: the distribution digest is still checked; the diff_id is taken as declared.
            _ => (declaredDiffId, await DrainAsync(blob, cancellationToken).ConfigureAwait(false)),
        };

        // Bytes after the end of the compressed data are still part of the blob and its digest.
        await DrainAsync(blob, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task<long> DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
