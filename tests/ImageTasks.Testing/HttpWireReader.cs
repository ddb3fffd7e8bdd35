using System.Text;

namespace ImageTasks.Testing;

/// <summary>
/// Buffered reading of an HTTP/1.1 connection: request heads line by line, then body bytes from
/// the same buffer (the head read usually pulls in the start of the body).
/// </summary>
internal sealed class HttpWireReader(Stream stream)
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxHeaders = 200;

    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>Reads a request line and headers; null when the client closed the connection between requests.</summary>
    public async Task<HttpRequestHead?> ReadRequestHeadAsync(CancellationToken cancellationToken)
    {
        var budget = MaxHeadBytes;
        string? requestLine;
        do
        {
            // Tolerate stray blank lines between requests (RFC 9112 section 2.2).
            requestLine = await ReadLineAsync(budget, cancellationToken);
            if (requestLine is null)
            {
                return null;
            }

            budget -= requestLine.Length + 2;
        }
        while (requestLine.Length == 0);

        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Malformed request line '{requestLine}'.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var line = await ReadLineAsync(budget, cancellationToken)
                ?? throw new IOException("The client closed the connection inside the request head.");
            budget -= line.Length + 2;
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || headers.Count >= MaxHeaders)
            {
                throw new InvalidDataException($"Malformed or too many header lines ('{line}').");
            }

            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new HttpRequestHead(parts[0], parts[1], parts[2], headers);
    }

    /// <summary>Body bytes: first what is buffered, then straight from the socket.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_start < _end)
        {
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, count).CopyTo(destination);
            _start += count;
            return count;
        }

        return await stream.ReadAsync(destination, cancellationToken);
    }

    /// <summary>A CRLF- (or LF-) terminated line in Latin-1; null on end of stream before any byte.</summary>
    public async ValueTask<string?> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        StringBuilder? line = null;
        while (true)
        {
            if (_start == _end)
            {
                _start = _end = 0;
                var read = await stream.ReadAsync(_buffer, cancellationToken);
                if (read == 0)
                {
                    return line is null ? null : throw new IOException("The connection closed in the middle of a line.");
                }

                _end = read;
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            line ??= new StringBuilder();
            if (newline >= 0)
            {
                line.Append(Encoding.Latin1.GetString(available[..newline]));
                _start += newline + 1;
                if (line.Length > 0 && line[^1] == '\r')
                {
                    line.Length--;
                }

                return line.ToString();
            }

            line.Append(Encoding.Latin1.GetString(available));
            _start = _end;
            if (line.Length > maxLength)
            {
                throw new InvalidDataException("A request line or header is too long.");
            }
        }
    }
}
