namespace ImageTasks.Core.Store;

/// <summary>
/// Blobs that passed verified ingest but have no name yet. <see cref="Publish"/> names them all; disposed unpublished,
/// their temp files are deleted, so a load that fails on its last blob leaves the store as it found it.
/// </summary>
public sealed class StoreStaging : IDisposable
{
    private readonly List<BlobIngest> _blobs = [];
    private readonly List<SpooledBlob> _adopted = [];
    private readonly List<Action> _onPublish = [];

    internal StoreStaging(ImageStore store) => Store = store;

    internal ImageStore Store { get; }

    internal BlobIngest Add(BlobIngest ingest)
    {
        lock (_blobs)
        {
            _blobs.Add(ingest);
        }

        return ingest;
    }

    /// <summary>
    /// Takes a verified temp file of the store as it is: it is renamed into place on <see cref="Publish"/> (one write
    /// for the blob, not two) and deleted if this staging is dropped.
    /// </summary>
    internal void Adopt(SpooledBlobStream file)
    {
        lock (_blobs)
        {
            file.Release();
            _adopted.Add(file.Blob);
        }
    }

    internal void OnPublish(Action action)
    {
        lock (_blobs)
        {
            _onPublish.Add(action);
        }
    }

    /// <summary>Names every staged blob (a blob the store already holds is kept as it is).</summary>
    public void Publish()
    {
        lock (_blobs)
        {
            foreach (var blob in _blobs)
            {
                blob.Publish();
            }

            foreach (var blob in _adopted)
            {
                Store.MoveIntoPlace(blob.Path, blob.Digest);
            }

            _adopted.Clear();
            foreach (var action in _onPublish)
            {
                action();
            }

        }
    }

    public void Dispose()
    {
        lock (_blobs)
        {
            foreach (var blob in _blobs)
            {
                blob.Dispose();
            }

            foreach (var blob in _adopted)
            {
                ImageStore.TryDelete(blob.Path);
            }

            _blobs.Clear();
            _adopted.Clear();
        }
    }
}
