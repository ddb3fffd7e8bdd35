using System.Buffers;
using System.Text;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Archives;

/// <summary>
/// Writes a ustar archive to any stream, a pipe included: each file's size is known before its bytes (a blob's
/// descriptor says it), so its header goes first and its bytes stream through without being held or sought back to.
/// Entries are owned by root, mode 0644 (folders 0755), dated 1970-01-01, so the same images give the same bytes.
/// </summary>
internal sealed class TarStreamWriter
{
    private const int Block = 512;
    private const int BufferSize = 1 << 17;

    private readonly Stream _output;

    public TarStreamWriter(Stream output) => _output = output;

    public Task AddFolderAsync(string name, CancellationToken cancellationToken) =>
        _output.WriteAsync(Header(name.EndsWith('/') ? name : name + "/", 0, '5'), cancellationToken).AsTask();

    public async Task AddFileAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        await AddFileAsync(name, content.Length, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a file of exactly <paramref name="size"/> bytes from <paramref name="content"/>; more or fewer is an error.</summary>
    public async Task AddFileAsync(string name, long size, Stream content, CancellationToken cancellationToken)
    {
        await _output.WriteAsync(Header(name, size, '0'), cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long written = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (written + read > size)
                {
                    throw new StoreException(DiagnosticCodes.ContentMismatch, $"{name} is longer than the {size} bytes its descriptor says");
                }

                await _output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                written += read;
            }

            if (written != size)
            {
                throw new StoreException(DiagnosticCodes.ContentMismatch, $"{name} is {written} bytes, but its descriptor says {size}");
            }

            var padding = (int)((Block - (size % Block)) % Block);
            Array.Clear(buffer, 0, padding);
            await _output.WriteAsync(buffer.AsMemory(0, padding), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The end-of-archive marker: two empty blocks.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await _output.WriteAsync(new byte[2 * Block], cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Header(string name, long size, char type)
    {
        var header = new byte[Block];
        // ustar keeps up to 100 bytes in the name field and the folder part in the 155-byte prefix (a sha512 blob's name).
        var split = name.Length <= 100 ? -1 : name.LastIndexOf('/', Math.Min(name.Length - 2, 155));
        if (name.Length > 100 && (split < 0 || name.Length - split - 1 > 100))
        {
            throw new ArgumentException($"archive entry name {name} does not fit a ustar header", nameof(name));
        }

        Encoding.UTF8.GetBytes(split < 0 ? name.AsSpan() : name.AsSpan(split + 1), header.AsSpan(0, 100));
        if (split >= 0)
        {
            Encoding.UTF8.GetBytes(name.AsSpan(0, split), header.AsSpan(345, 155));
        }

        Octal(header, 100, 8, type == '5' ? 0x1ed : 0x1a4); // mode 0755 / 0644
        Octal(header, 108, 8, 0); // uid
        Octal(header, 116, 8, 0); // gid
        Size(header, size);
        Octal(header, 136, 12, 0); // mtime
        header[156] = (byte)type;
        "ustar\000"u8.CopyTo(header.AsSpan(257)); // magic "ustar\0" and version "00"
        "root"u8.CopyTo(header.AsSpan(265));
        "root"u8.CopyTo(header.AsSpan(297));
        Octal(header, 329, 8, 0); // device major and minor, as GNU tar and Go write them
        Octal(header, 337, 8, 0);

        // The checksum is computed with its own field as eight spaces, then written as six octal digits, NUL, space.
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0'), header.AsSpan(148));
        header[154] = 0;
        header[155] = (byte)' ';
        return header;
    }

    /// <summary>Octal up to 8 GiB; beyond, the base-256 form GNU tar and Go's archive/tar read (high bit set, big-endian).</summary>
    private static void Size(byte[] header, long size)
    {
        if (size < 1L << 33)
        {
            Octal(header, 124, 12, size);
            return;
        }

        header[124] = 0x80;
        for (var i = 0; i < 8; i++)
        {
            header[135 - i] = (byte)(size >> (8 * i));
        }
    }

    private static void Octal(byte[] header, int offset, int length, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(text, header.AsSpan(offset));
        header[offset + length - 1] = 0;
    }
}
