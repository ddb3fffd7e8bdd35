using System.Formats.Tar;

namespace ImageTasks.Core.Operations.Pull;

/// <summary>
/// Docker's notion of a layer's size: the bytes its files take once unpacked (regular files, symlink targets; not tar
/// headers, padding, directories, hard links twice, or whiteouts). Measured from the tar stream as it passes.
/// </summary>
internal static class TarContentSize
{
    /// <returns>the content size, or null when the stream is not a tar we can read (the layer is still verified)</returns>
    public static async Task<long?> MeasureAsync(Stream tar, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = new TarReader(tar, leaveOpen: true);
            long total = 0;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var isWhiteout = Path.GetFileName(entry.Name.TrimEnd('/')).StartsWith(".wh.", StringComparison.Ordinal);
                total += entry.EntryType switch
                {
                    _ when isWhiteout => 0,
                    TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => entry.Length,
                    TarEntryType.SymbolicLink => entry.LinkName.Length,
                    _ => 0,
                };
            }

            return total;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
