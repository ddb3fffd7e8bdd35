namespace ImageTasks.Core.Store;

/// <summary>
/// Serialises writers of index.json across processes: an exclusive open of the lock file (flock on Unix, a share-none
/// handle on Windows) that the OS drops if the process dies, so a crash never leaves the store locked.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream _handle;

    private StoreLock(FileStream handle) => _handle = handle;

    public static async Task<StoreLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(25, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new StoreException($"the image store is locked by another process ({path}); try again when it has finished", e);
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
