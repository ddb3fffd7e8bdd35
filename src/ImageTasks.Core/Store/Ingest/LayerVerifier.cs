using System.Buffers;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store.Ingest;

/// <summary>
/// The single place the layer pipeline lives: reads a layer blob to its end (every byte passes whatever the stream tees
/// it to, where the distribution digest is computed), inflating on the fly and hashing the content (diff_id) and
/// measuring the files it unpacks to. The store's ingest and the benchmarks call it.
/// </summary>
internal static class LayerVerifier
{
    private const int BufferSize = 1 << 17;

    /// <param name="declaredDiffId">the config's diff_id for the layer: its algorithm is the one the content is hashed with</param>
    public static async Task<(Digest DiffId, long ContentSize)> ReadAsync(Stream blob, LayerCompression compression, Digest declaredDiffId, CancellationToken cancellationToken)
    {
        var result = compression switch
        {
            LayerCompression.Gzip or LayerCompression.Zstd => await CompressedLayerPipeline.RunAsync(blob, compression, declaredDiffId.Algorithm, cancellationToken).ConfigureAwait(false),
            LayerCompression.None => await TarContentSize.HashAndMeasureAsync(blob, declaredDiffId.Algorithm, cancellationToken).ConfigureAwait(false),
            // A media type we cannot decode: the distribution digest is still checked; the diff_id is taken as declared.
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
