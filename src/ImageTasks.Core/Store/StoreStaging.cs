namespace ImageTasks.Core.Store;

/// <summary>
/// Blobs that passed verified ingest but have no name yet. <see cref="Publish"/> names them all; disposed unpublished,
/// their temp files are deleted, so a load that fails on its last blob leaves the store as it found it.
/// </summary>
public sealed class StoreStaging : IDisposable
{
    private readonly List<BlobIngest> _blobs = [];
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

            _blobs.Clear();
        }
    }
}
