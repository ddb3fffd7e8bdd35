using System.Buffers;
using System.Text;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Archives;

/// <summary>
/// Writes a ustar archive (PAX headers for names ustar cannot hold) to any stream, a pipe included: each file's size is known before its bytes (a blob's
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
        WriteHeaderAsync(name.EndsWith('/') ? name : name + "/", 0, '5', cancellationToken);

    public async Task AddFileAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        await AddFileAsync(name, content.Length, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a file of exactly <paramref name="size"/> bytes from <paramref name="content"/>; more or fewer is an error.</summary>
    public async Task AddFileAsync(string name, long size, Stream content, CancellationToken cancellationToken)
    {
        await WriteHeaderAsync(name, size, '0', cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// An entry's header. A name ustar cannot hold (a sha512 blob's: 128 hex digits after its folder, over the 100 bytes
    /// of the name field) goes in a PAX extended header before it, which docker, Go's archive/tar and .NET all read;
    /// the ustar header then carries the name cut to fit.
    /// </summary>
    private async Task WriteHeaderAsync(string name, long size, char type, CancellationToken cancellationToken)
    {
        if (UstarSplit(name) is null)
        {
            var record = PaxRecord("path", name);
            var baseName = Path.GetFileName(name.TrimEnd('/'));
            await _output.WriteAsync(Header($"PaxHeaders/{baseName[..Math.Min(baseName.Length, 80)]}", record.Length, 'x'), cancellationToken).ConfigureAwait(false);
            var padded = new byte[(record.Length + Block - 1) / Block * Block];
            record.CopyTo(padded, 0);
            await _output.WriteAsync(padded, cancellationToken).ConfigureAwait(false);
            name = name[..100];
        }

        await _output.WriteAsync(Header(name, size, type), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"LENGTH key=value\n", where LENGTH counts the whole record, its own digits included.</summary>
    private static byte[] PaxRecord(string key, string value)
    {
        var body = Encoding.UTF8.GetByteCount($" {key}={value}\n");
        var length = body + 1;
        while (length != body + length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)
        {
            length = body + length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        }

        return Encoding.UTF8.GetBytes($"{length} {key}={value}\n");
    }

    /// <summary>Where ustar splits a name into prefix and name (-1: it fits the name field whole), or null when it cannot hold it.</summary>
    private static int? UstarSplit(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= 100)
        {
            return -1;
        }

        var split = name.LastIndexOf('/', Math.Min(name.Length - 2, 155));
        return split < 0 || name.Length - split - 1 > 100 ? null : split;
    }

    private static byte[] Header(string name, long size, char type)
    {
        var header = new byte[Block];
        // ustar keeps up to 100 bytes in the name field and the folder part in the 155-byte prefix.
        var split = UstarSplit(name) ?? throw new ArgumentException($"archive entry name {name} does not fit a ustar header", nameof(name));
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
