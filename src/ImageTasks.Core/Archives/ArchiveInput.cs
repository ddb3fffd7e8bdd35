using System.IO.Compression;
using ImageTasks.Core.IO;

namespace ImageTasks.Core.Archives;

/// <summary>
/// An archive's bytes as a tar stream: gzip-compressed input (<c>docker save | gzip</c>) is recognised by its magic
/// bytes, not by a file name, so a pipe works the same as a file.
/// </summary>
internal static class ArchiveInput
{
    public static async Task<Stream> OpenTarAsync(Stream input, CancellationToken cancellationToken)
    {
        var head = new byte[2];
        var filled = 0;
        int read;
        while (filled < head.Length && (read = await input.ReadAsync(head.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        var whole = new PrefixedStream(head.AsMemory(0, filled), input);
        return filled == 2 && head[0] == 0x1f && head[1] == 0x8b ? new GZipStream(whole, CompressionMode.Decompress) : whole;
    }

    /// <summary>The bytes already read to look at the magic, then the rest of the input.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ForwardReadStream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;
        private long _read;

        public override long BytesRead => _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int count;
            if (!_prefix.IsEmpty)
            {
                count = Math.Min(buffer.Length, _prefix.Length);
                _prefix[..count].CopyTo(buffer);
                _prefix = _prefix[count..];
            }
            else
            {
                count = await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            _read += count;
            return count;
        }
    }
}
