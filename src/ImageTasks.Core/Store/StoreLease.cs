using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>
/// Blobs an operation in flight needs (a pull's manifest, config and layers, whether found already there or about to
/// be written): while the lease is held, no rm, prune or check --repair in any process deletes them. The lease is a
/// file under <c>imagetasks/leases/</c> named after its <see cref="StoreOwner"/>, so a lease whose process died
/// protects nothing. Dispose it once the index names what it protected.
/// </summary>
public sealed class StoreLease : IDisposable
{
    private readonly ImageStore _store;
    private readonly HashSet<Digest> _digests;

    internal StoreLease(ImageStore store, string path, HashSet<Digest> digests)
    {
        _store = store;
        Path = path;
        _digests = digests;
    }

    internal string Path { get; }

    public IReadOnlyCollection<Digest> Digests => _digests;

    /// <summary>Adds blobs to the lease (under the store lock, as taking it does) before they are looked for or written.</summary>
    public Task AddAsync(IEnumerable<Digest> digests, CancellationToken cancellationToken)
    {
        var before = _digests.Count;
        _digests.UnionWith(digests);
        return _digests.Count == before ? Task.CompletedTask : _store.WriteLeaseAsync(this, cancellationToken);
    }

    internal byte[] Content() => System.Text.Encoding.ASCII.GetBytes(string.Concat(_digests.Select(d => d + "\n")));

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind, it protects its blobs only until this process exits: the next sweep removes it then.
        }
    }
}
