using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Images;

/// <summary>
/// A source with the store in front for what is content-addressed: a manifest asked by digest and any blob come from
/// the store when it has them (no request), the rest from the origin. A tag always goes to the origin, since only the
/// origin knows what a tag points to now. Pull and the build read through this, so what is present costs nothing.
/// </summary>
public sealed class StoreCachedSource : IImageSource
{
    private readonly StoreSource _store;
    private readonly IImageSource _origin;
    private readonly SourceChain _storeThenOrigin;

    public StoreCachedSource(ImageStore store, IImageSource origin)
    {
        _store = new StoreSource(store);
        _origin = origin;
        _storeThenOrigin = new SourceChain(_store, origin);
    }

    public string Name => _origin.Name;

    public Task<ManifestHead> HeadAsync(ImageReference reference, CancellationToken cancellationToken) =>
        reference.Digest is null ? _origin.HeadAsync(reference, cancellationToken) : _storeThenOrigin.HeadAsync(reference, cancellationToken);

    public Task<ManifestDocument> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken) =>
        reference.Digest is null ? _origin.GetManifestAsync(reference, cancellationToken) : _storeThenOrigin.GetManifestAsync(reference, cancellationToken);

    public Task<Stream> OpenBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken) =>
        _storeThenOrigin.OpenBlobAsync(repository, blob, cancellationToken);
}
