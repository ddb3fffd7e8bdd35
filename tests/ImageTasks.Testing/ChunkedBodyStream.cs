using System.Globalization;

namespace ImageTasks.Testing;

/// <summary>A request body in chunked transfer coding, decoded so the upstream gets plain bytes.</summary>
internal sealed class ChunkedBodyStream(HttpWireReader reader) : RequestBodyStream
{
    private const int MaxLine = 8 * 1024;

    private long _remainingInChunk;
    private bool _chunkDataPending;
    private bool _done;

    public override bool IsComplete => _done;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_done || buffer.Length == 0)
        {
            return 0;
        }

        if (_remainingInChunk == 0)
        {
            if (_chunkDataPending)
            {
                // The CRLF that ends the previous chunk's data.
                await ReadLineAsync(cancellationToken);
                _chunkDataPending = false;
            }

            var sizeLine = await ReadLineAsync(cancellationToken);
            var semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
            var sizeText = (semicolon >= 0 ? sizeLine[..semicolon] : sizeLine).Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new InvalidDataException($"Bad chunk size line '{sizeLine}'.");
            }

            if (size == 0)
            {
                // Trailers, if any, end with an empty line.
                while ((await ReadLineAsync(cancellationToken)).Length > 0)
                {
                }

                _done = true;
                return 0;
            }

            _remainingInChunk = size;
            _chunkDataPending = true;
        }

        var read = await reader.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remainingInChunk)], cancellationToken);
        if (read == 0)
        {
            throw new IOException("The client closed the connection inside a chunk.");
        }

        _remainingInChunk -= read;
        return read;
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken) =>
        await reader.ReadLineAsync(MaxLine, cancellationToken)
        ?? throw new IOException("The client closed the connection inside a chunked body.");
}
