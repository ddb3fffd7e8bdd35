using ImageTasks.Core.IO;

namespace ImageTasks.Core.Pinning;

/// <summary>
/// Writes a lock file that several builds may write at once (one ImageLockFile shared through Directory.Build.props, the
/// nodes of <c>dotnet build -m</c>): under a cross-process file lock the file is read again, this build's pins are laid
/// over what the others wrote, and the result replaces the file atomically (temp file, then rename). Nobody's entries
/// are lost, and a file that would not change is not written at all.
/// </summary>
public static class LockFileMerge
{
    /// <param name="pins">entries this build pinned or re-pinned; an entry with the same pin keeps its file's (its time)</param>
    /// <param name="dropped">entries this build's owner no longer uses (removed from the file)</param>
    /// <returns>whether the file was written</returns>
    /// <exception cref="PinningException">the file as it is now cannot be read (IMG1006)</exception>
    public static async Task<bool> WriteAsync(string path, IReadOnlyDictionary<string, LockedImage> pins, IReadOnlyCollection<string> dropped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pins);
        ArgumentNullException.ThrowIfNull(dropped);
        // The guard lives under the temp folder, as NuGet's are, so no lock file appears beside the user's lock.
        using var guard = await FileLock.AcquireAsync(FileLock.PathFor(path), null, deleteOnRelease: false, cancellationToken).ConfigureAwait(false);
        var current = ImageLockFile.Read(path);
        var images = new SortedDictionary<string, LockedImage>(current?.Images ?? [], StringComparer.Ordinal);
        var changed = false;
        foreach (var (key, entry) in pins)
        {
            if (!images.TryGetValue(key, out var old) || !old.SamePin(entry))
            {
                images[key] = entry;
                changed = true;
            }
        }

        foreach (var key in dropped)
        {
            changed |= images.Remove(key);
        }

        if (!changed)
        {
            return false; // what this build would write is there already (another node wrote the same pins)
        }

        ImageLockFile.Write(path, new ImageLock { Images = images });
        return true;
    }
}
