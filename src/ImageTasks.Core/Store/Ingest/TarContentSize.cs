using System.Formats.Tar;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store.Ingest;

/// <summary>
/// Docker's notion of a layer's size, as its graph driver reports it on unpacking: the sum of the size fields of the
/// tar's entries, i.e. the bytes of its regular files (symlinks, hard links and directories carry size 0, so a symlink's
/// target length is not counted; nor are tar headers or padding). Measured from the tar stream as it passes.
/// </summary>
internal static class TarContentSize
{
    /// <summary>
    /// Reads an uncompressed layer to its end: its diff_id (the hash of every byte, including any after the tar's end
    /// marker) and Docker's SIZE (the tar's length when it is not a tar we can read).
    /// </summary>
    /// <param name="algorithm">the diff_id's algorithm: sha256 (every image we know of) or sha512</param>
    public static async Task<(Digest DiffId, long ContentSize)> HashAndMeasureAsync(Stream tar, string algorithm, CancellationToken cancellationToken)
    {
        using var content = new HashingReadStream(tar, algorithm);
        var size = await MeasureAsync(content, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[1 << 17];
        while (await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }

        return (content.Digest(), size ?? content.BytesRead);
    }

    /// <returns>the content size, or null when the stream is not a tar we can read (the layer is still verified)</returns>
    public static async Task<long?> MeasureAsync(Stream tar, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = new TarReader(tar, leaveOpen: true);
            long total = 0;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                // docker's UnpackLayer adds every header's size, whatever the entry's type (recorded against dockerd:
                // see the size test in ImageTasks.Cli.Tests); .NET reports the header's size field as Length.
                total += entry.Length;
            }

            return total;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
