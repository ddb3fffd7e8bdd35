using System.Security.Cryptography;
using ImageTasks.Core.IO;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store.Ingest;

/// <summary>Hashes and counts the bytes read through it: the layer's uncompressed content on its way to the tar reader.</summary>
internal sealed class HashingReadStream : ForwardReadStream
{
    private readonly Stream _source;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;

    public HashingReadStream(Stream source) => _source = source;

    public override long BytesRead => _length;

    public Digest Digest() => References.Digest.FromHex("sha256", Convert.ToHexStringLower(_sha256.GetHashAndReset()));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _sha256.AppendData(buffer.Span[..read]);
        _length += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _source.Read(buffer, offset, count);
        _sha256.AppendData(buffer, offset, read);
        _length += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
        }

        base.Dispose(disposing);
    }
}
