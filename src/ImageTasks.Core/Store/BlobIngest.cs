using System.Security.Cryptography;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.References;

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
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
    private readonly bool _wantsSha512;
    private long _written;
    private bool _committed;

    internal BlobIngest(ImageStore store, string tempPath, Digest expected)
    {
        _store = store;
        _tempPath = tempPath;
        Expected = expected;
        _wantsSha512 = expected.Algorithm == "sha512";
        _file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous);
    }

    public Digest Expected { get; }

    public long BytesWritten => _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Hash(buffer);
        _file.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Hash(buffer.Span);
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
        var actual = Digest.FromHex(Expected.Algorithm, Convert.ToHexStringLower(_wantsSha512 ? _sha512.GetHashAndReset() : _sha256.GetHashAndReset()));
        if (actual != Expected)
        {
            throw new StoreException(DiagnosticCodes.ContentMismatch, $"blob {Expected} failed verification: its content has digest {actual}");
        }

        if (expectedSize is { } size && size != _written)
        {
            throw new StoreException(DiagnosticCodes.ContentMismatch, $"blob {Expected} failed verification: {_written} bytes received, the manifest says {size}");
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
            _sha256.Dispose();
            _sha512.Dispose();
            if (!_committed)
            {
                File.Delete(_tempPath);
            }
        }

        base.Dispose(disposing);
    }

    private void Hash(ReadOnlySpan<byte> bytes)
    {
        (_wantsSha512 ? _sha512 : _sha256).AppendData(bytes);
        _written += bytes.Length;
    }
}
