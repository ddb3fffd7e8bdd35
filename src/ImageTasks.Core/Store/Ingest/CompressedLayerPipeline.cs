using System.IO.Compression;
using System.IO.Pipelines;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Store.Ingest;

/// <summary>
/// A compressed (gzip or zstd) layer read in three stages that run at once, joined by pipes, so one layer keeps both cores busy:
/// <list type="number">
/// <item>receive: blob bytes in large chunks (the stream tees them to the hashed temp blob: distribution digest);</item>
/// <item>inflate: gunzip or zstd decoding, the costliest step, alone on its core;</item>
/// <item>measure: hash the tar (diff_id) as its headers are read for Docker's SIZE.</item>
/// </list>
/// Every stage reads its input to the end, so trailing bytes after the compressed data or after the tar's end marker are still
/// received and hashed. A stage that fails completes its pipes with the error, which stops the others.
/// </summary>
internal static class CompressedLayerPipeline
{
    private const int ChunkSize = 1 << 17;

    // Up to 1 MiB in flight between two stages: enough to ride out scheduling hiccups, small enough for three layers at once.
    private static readonly PipeOptions Options = new(
        pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: ChunkSize, useSynchronizationContext: false);

    /// <param name="compression">gzip or zstd: how the blob's bytes inflate to the tar</param>
    /// <param name="diffIdAlgorithm">the algorithm of the diff_id the content is hashed for (sha256 or sha512)</param>
    public static async Task<(Digest DiffId, long ContentSize)> RunAsync(Stream blob, LayerCompression compression, string diffIdAlgorithm, CancellationToken cancellationToken)
    {
        var compressed = new Pipe(Options);
        var content = new Pipe(Options);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var receive = Task.Run(() => ReceiveAsync(blob, compressed.Writer, failed), CancellationToken.None);
        var inflate = Task.Run(() => InflateAsync(compressed.Reader, compression, content.Writer, failed), CancellationToken.None);
        var measure = Task.Run(() => MeasureAsync(content.Reader, diffIdAlgorithm, failed), CancellationToken.None);
        try
        {
            await Task.WhenAll(receive, inflate, measure).ConfigureAwait(false);
        }
        catch (Exception) when (FirstFailure(receive, inflate, measure) is { } first)
        {
            // The stage that failed first says what went wrong; the others only stopped because of it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }

        return measure.Result;
    }

    private static Exception? FirstFailure(params Task[] stages) =>
        stages.Select(s => s.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException)
        ?? stages.Select(s => s.Exception?.InnerException).FirstOrDefault(e => e is not null);

    private static async Task ReceiveAsync(Stream blob, PipeWriter output, CancellationTokenSource failed)
    {
        try
        {
            while (true)
            {
                var memory = output.GetMemory(ChunkSize);
                var read = await blob.ReadAsync(memory, failed.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                output.Advance(read);
                // The inflater may have finished early (trailing bytes): the blob is still read to its end and hashed.
                await output.FlushAsync(failed.Token).ConfigureAwait(false);
            }

            await output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await Fail(output, e, failed).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task InflateAsync(PipeReader input, LayerCompression compression, PipeWriter output, CancellationTokenSource failed)
    {
        try
        {
            await using (var inflater = Decompressor(input.AsStream(leaveOpen: true), compression))
            {
                while (true)
                {
                    // Fill a whole chunk before handing it on: one wake-up of the next stage per chunk.
                    var memory = output.GetMemory(ChunkSize);
                    var filled = 0;
                    int read;
                    while (filled < memory.Length && (read = await inflater.ReadAsync(memory[filled..], failed.Token).ConfigureAwait(false)) > 0)
                    {
                        filled += read;
                    }

                    if (filled == 0)
                    {
                        break;
                    }

                    output.Advance(filled);
                    await output.FlushAsync(failed.Token).ConfigureAwait(false);
                }
            }

            await output.CompleteAsync().ConfigureAwait(false);
            await DrainAsync(input, failed.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // ZstdSharp reports corrupt frames as ZstdException, GZipStream as InvalidDataException.
            var error = e is InvalidDataException or ZstdSharp.ZstdException
                ? new StoreException($"layer is not valid {Name(compression)} data: {e.Message}", e)
                : e;
            await Fail(output, error, failed).ConfigureAwait(false);
            await input.CompleteAsync(error).ConfigureAwait(false);
            if (error == e)
            {
                throw;
            }

            throw error;
        }
    }

    private static Stream Decompressor(Stream compressed, LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false),
        LayerCompression.Zstd => new ZstdSharp.DecompressionStream(compressed, ChunkSize, checkEndOfStream: true, leaveOpen: false),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "not a compressed layer"),
    };

    private static string Name(LayerCompression compression) => compression == LayerCompression.Zstd ? "zstd" : "gzip";

    /// <returns>the diff_id and Docker's SIZE (the tar's length when it is not a tar we can read)</returns>
    private static async Task<(Digest DiffId, long ContentSize)> MeasureAsync(PipeReader input, string diffIdAlgorithm, CancellationTokenSource failed)
    {
        try
        {
            await using var tar = input.AsStream(leaveOpen: true);
            var measured = await TarContentSize.HashAndMeasureAsync(tar, diffIdAlgorithm, failed.Token).ConfigureAwait(false);
            await input.CompleteAsync().ConfigureAwait(false);
            return measured;
        }
        catch (Exception e)
        {
            failed.Cancel();
            await input.CompleteAsync(e).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads a pipe to its end.</summary>
    private static async Task DrainAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await input.CompleteAsync().ConfigureAwait(false);
    }

    private static async Task Fail(PipeWriter output, Exception error, CancellationTokenSource failed)
    {
        await output.CompleteAsync(error).ConfigureAwait(false);
        try
        {
            failed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
