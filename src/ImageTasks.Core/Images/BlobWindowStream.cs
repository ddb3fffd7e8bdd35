using ImageTasks.Core.Store;


namespace ImageTasks.Core.Images;

/// <summary>
/// A read-only, seekable view of part of a blob file, so an upload request (a whole blob or one chunk) streams from the
/// store without holding the blob in memory, and can be sent again from its start (a 401 answered by authentication).
/// Reports how far into the blob reading has got. The file belongs to the caller and stays open.
/// </summary>
internal sealed class BlobWindowStream : Stream
{
    private readonly Stream _file;
    private readonly long _offset;
    private readonly long _length;
    private readonly Action<long>? _onRead;
    private long _position;

    /// <param name="onRead">receives the position in the blob (not in the window) after each read</param>
    public BlobWindowStream(Stream file, long offset, long length, Action<long>? onRead)
    {
        _file = file;
        _offset = offset;
        _length = length;
        _onRead = onRead;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        _file.Position = _offset + _position;
        var read = await _file.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        return Advance(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var wanted = (int)Math.Min(count, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        _file.Position = _offset + _position;
        return Advance(_file.Read(buffer, offset, wanted));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush() { }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Advance(int read)
    {
        if (read == 0 && _position < _length)
        {
            // The manifest promised more bytes than the file holds: sending a short body would only earn a digest error.
            throw new StoreException($"blob file ends at {_offset + _position} bytes, the manifest says {_offset + _length}");
        }

        _position += read;
        _onRead?.Invoke(_offset + _position);
        return read;
    }
}
