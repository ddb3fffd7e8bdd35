using ImageTasks.Core.IO;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store.Ingest;

/// <summary>Hashes and counts the bytes read through it (a layer's content on its way to the tar reader, a blob on its way into an archive).</summary>
internal sealed class HashingReadStream : ForwardReadStream
{
    private readonly Stream _source;
    private readonly DigestHasher _hasher;

    /// <param name="algorithm">the digest's algorithm: "sha256" or "sha512"</param>
    public HashingReadStream(Stream source, string algorithm)
    {
        _source = source;
        _hasher = new DigestHasher(algorithm);
    }

    public override long BytesRead => _hasher.Length;

    public Digest Digest() => _hasher.Digest();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _hasher.Append(buffer.Span[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _source.Read(buffer, offset, count);
        _hasher.Append(buffer.AsSpan(offset, read));
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hasher.Dispose();
        }

        base.Dispose(disposing);
    }
}
