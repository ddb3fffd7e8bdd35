using System.Security.Cryptography;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Pull;

/// <summary>Hashes and counts the bytes read through it: the layer's uncompressed content on its way to the tar reader.</summary>
internal sealed class HashingReadStream : Stream
{
    private readonly Stream _source;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;

    public HashingReadStream(Stream source) => _source = source;

    public long BytesRead => _length;

    public Digest Digest() => References.Digest.FromHex("sha256", Convert.ToHexStringLower(_sha256.GetHashAndReset()));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _sha256.AppendData(buffer.Span[..read]);
        _length += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _source.Read(buffer, offset, count);
        _sha256.AppendData(buffer, offset, read);
        _length += read;
        return read;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
        }

        base.Dispose(disposing);
    }
}
