using ImageTasks.Core.IO;

namespace ImageTasks.Core.Store.Ingest;

/// <summary>Reads from a source and hands every byte read to a sink as well, so a blob is stored and decompressed in one pass.</summary>
internal sealed class TeeReadStream : ForwardReadStream
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

    public override long BytesRead => _total;

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

}
