using System.Buffers;
using ImageTasks.Core.References;
using ImageTasks.Core.Store.Ingest;

namespace ImageTasks.Core.Store;

/// <summary>
/// A blob's bytes in a temp file, with the digest they hashed to as they were written (a mirror's blob, checked before
/// anyone reads it; an archive's file, read before the archive says what it is). When the file is in the store's temp
/// folder, the store takes it as it is, by rename (<see cref="StoreStaging.Adopt"/>), instead of writing and hashing the
/// same bytes a second time.
/// </summary>
/// <param name="Digest">what the bytes hash to with the algorithm asked for: a measurement, not a claim</param>
internal sealed record SpooledBlob(string Path, long Length, Digest Digest)
{
    private const int BufferSize = 1 << 17;

    /// <summary>
    /// Copies <paramref name="content"/> into a new file at <paramref name="path"/>, hashing it on the way. With a
    /// <paramref name="tooLong"/>, past <paramref name="maxLength"/> bytes it stops with that error (a reader such as
    /// TarReader's entry stream bounds itself and needs none); on any failure the file is deleted.
    /// </summary>
    /// <param name="algorithm">"sha256" or "sha512": the algorithm of the digest the bytes are expected to have</param>
    public static async Task<SpooledBlob> WriteAsync(
        Stream content, string path, string algorithm, long maxLength, Func<Exception>? tooLong, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hasher = new DigestHasher(algorithm);
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (hasher.Length + read > maxLength)
                    {
                        throw tooLong?.Invoke() ?? new InvalidOperationException($"more than {maxLength} bytes");
                    }

                    hasher.Append(buffer.AsSpan(0, read));
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            return new SpooledBlob(path, hasher.Length, hasher.Digest());
        }
        catch
        {
            ImageStore.TryDelete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <param name="ownsFile">whether closing the stream deletes the file (unless the store adopted it first)</param>
    public SpooledBlobStream Open(bool ownsFile) => new(this, ownsFile);
}

/// <summary>A <see cref="SpooledBlob"/> read from its start: a store sink that is handed one adopts the file rather than copy it.</summary>
internal sealed class SpooledBlobStream : Stream
{
    private readonly FileStream _file;
    private bool _ownsFile;

    internal SpooledBlobStream(SpooledBlob blob, bool ownsFile)
    {
        Blob = blob;
        _ownsFile = ownsFile;
        // Delete sharing: the store may rename the file into place while this stream is still open.
        _file = new FileStream(blob.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    public SpooledBlob Blob { get; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _file.Length;

    public override long Position { get => _file.Position; set => _file.Position = value; }

    /// <summary>The store has taken the file: it names it, or deletes it if its staging is dropped.</summary>
    internal void Release() => _ownsFile = false;

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _file.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _file.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _file.ReadAsync(buffer, offset, count, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            if (_ownsFile)
            {
                ImageStore.TryDelete(Blob.Path);
            }
        }

        base.Dispose(disposing);
    }
}
