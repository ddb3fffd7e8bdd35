using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.References;
using ImageTasks.Core.Store.Ingest;

namespace ImageTasks.Core.Store;

/// <summary>
/// A blob on its way into the store: bytes are hashed as they are written to a temp file, and the file takes its final
/// name only when the digest (and size) check. Disposed without a commit, the temp file is deleted.
/// </summary>
public sealed class BlobIngest : Stream
{
    private readonly ImageStore _store;
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly DigestHasher _hasher;
    private bool _committed;

    internal BlobIngest(ImageStore store, string tempPath, Digest expected)
    {
        _store = store;
        _tempPath = tempPath;
        Expected = expected;
        _hasher = new DigestHasher(expected.Algorithm);
        _file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous);
    }

    public Digest Expected { get; }

    public long BytesWritten => _hasher.Length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _hasher.Length;

    public override long Position { get => _hasher.Length; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hasher.Append(buffer);
        _file.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hasher.Append(buffer.Span);
        await _file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Checks digest and size, then renames the temp file into place (a blob already there is kept as is).</summary>
    public async Task CommitAsync(long? expectedSize, CancellationToken cancellationToken)
    {
        await VerifyAsync(expectedSize, cancellationToken).ConfigureAwait(false);
        Publish();
    }

    /// <summary>
    /// Checks digest and size and closes the temp file, without giving it its name yet: a load stages every blob of an
    /// archive this way and publishes them only once all of them verified (see <see cref="StoreStaging"/>).
    /// </summary>
    internal async Task VerifyAsync(long? expectedSize, CancellationToken cancellationToken)
    {
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
        Check(Expected, expectedSize, _hasher.Digest(), _hasher.Length);
    }

    /// <summary>The store's one check of a blob's bytes against what the manifest says of them.</summary>
    internal static void Check(Digest expected, long? expectedSize, Digest actual, long length)
    {
        if (actual != expected)
        {
            throw new StoreException(DiagnosticCodes.ContentMismatch, $"blob {expected} failed verification: its content has digest {actual}");
        }

        if (expectedSize is { } size && size != length)
        {
            throw new StoreException(DiagnosticCodes.ContentMismatch, $"blob {expected} failed verification: {length} bytes received, the manifest says {size}");
        }
    }

    /// <summary>Gives a verified blob its final name.</summary>
    internal void Publish()
    {
        _store.MoveIntoPlace(_tempPath, Expected);
        _committed = true;
    }

    public override void Flush() => _file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _hasher.Dispose();
            if (!_committed)
            {
                File.Delete(_tempPath);
            }
        }

        base.Dispose(disposing);
    }
}
