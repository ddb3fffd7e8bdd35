namespace ImageTasks.Core.IO;

/// <summary>
/// A cross-process lock held as an exclusive open of a file (flock on Unix, a share-none handle on Windows), so the OS
/// drops it when its process dies: a killed build never leaves anything locked. Waiters poll; the holder's own timeouts
/// (a download's idle timeout) bound how long it can keep them waiting.
/// </summary>
public sealed class FileLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly FileStream _handle;
    private readonly bool _deleteOnRelease;

    private FileLock(FileStream handle, bool deleteOnRelease)
    {
        _handle = handle;
        _deleteOnRelease = deleteOnRelease;
    }

    public string Path => _handle.Name;

    /// <summary>Takes the lock, waiting while another process (or another handle in this one) holds it.</summary>
    /// <param name="waiting">called once, when the lock is found held (a progress line: "waiting for another build")</param>
    /// <param name="deleteOnRelease">remove the file when released (per-blob claims, so they do not pile up). A process
    /// that opened it just before may then hold a lock on the removed file while the next one locks a new file: both
    /// proceed, so callers must check again under the lock what they came to do (a blob present is not fetched).</param>
    public static async Task<FileLock> AcquireAsync(string path, Action? waiting, bool deleteOnRelease, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var reported = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1), deleteOnRelease);
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                // Held by another handle (on Unix the OS says EWOULDBLOCK; .NET reports it as an IOException).
                if (!reported)
                {
                    reported = true;
                    waiting?.Invoke();
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The lock guarding another file that must not carry lock files beside it (a lock file in a user's repository):
    /// a file under the user's own folder in the temp folder, named by the hash of the full path, as NuGet locks its
    /// shared files (another user's folder there would not be writable).
    /// </summary>
    public static string PathFor(string guardedFile)
    {
        var full = System.IO.Path.GetFullPath(guardedFile);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full)))[..32];
        return System.IO.Path.Combine(System.IO.Path.GetTempPath(), "imagetasks-locks-" + Environment.UserName, hash);
    }

    public void Dispose()
    {
        if (_deleteOnRelease)
        {
            try
            {
                File.Delete(_handle.Name); // while still held: a waiter that opens the name afterwards creates a new file
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // left behind: an empty file, taken again by the next claim of the same name
            }
        }

        _handle.Dispose();
    }
}
