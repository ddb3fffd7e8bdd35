namespace ImageTasks.Testing;

/// <summary>A request body framed by Content-Length.</summary>
internal sealed class ContentLengthBodyStream(HttpWireReader reader, long length) : RequestBodyStream
{
    private long _remaining = length;

    public override bool IsComplete => _remaining == 0;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.Length == 0)
        {
            return 0;
        }

        var read = await reader.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        if (read == 0)
        {
            throw new IOException($"The client closed the connection with {_remaining} body bytes still to send.");
        }

        _remaining -= read;
        return read;
    }
}
