namespace ImageTasks.Core.Operations.Pull;

/// <summary>Reads from a source and hands every byte read to a sink as well, so a blob is stored and decompressed in one pass.</summary>
internal sealed class TeeReadStream : Stream
{
    private readonly Stream _source;
    private readonly Stream _sink;
    private readonly Action<long> _onRead;
    private long _total;

    public TeeReadStream(Stream source, Stream sink, Action<long> onRead)
    {
        _source = source;
        _sink = sink;
        _onRead = onRead;
    }

    public long BytesRead => _total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _total; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            await _sink.WriteAsync(buffer[..read], cancellationToken).ConfigureAwait(false);
            _total += read;
            _onRead(_total);
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _source.Read(buffer, offset, count);
        if (read > 0)
        {
            _sink.Write(buffer, offset, read);
            _total += read;
            _onRead(_total);
        }

        return read;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
