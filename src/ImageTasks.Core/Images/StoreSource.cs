using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Images;

/// <summary>
/// Images from the local store: a digest is a blob; a tag is the index entry that carries it (its manifest list when
/// it was pulled through one). Nothing is fetched, so this is what offline builds and push read.
/// </summary>
public sealed class StoreSource : IImageSource
{
    private readonly ImageStore _store;

    public StoreSource(ImageStore store) => _store = store;

    public string Name => "the image store";

    public async Task<ManifestHead> HeadAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var document = await GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        return new ManifestHead(document.Digest, document.MediaType, document.Bytes.Length);
    }

    public Task<ManifestDocument> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var what = reference.ToFamiliarString();
        var record = reference.Digest is null ? _store.ListImages().FirstOrDefault(r => r.Reference == reference.WithDefaultTag()) : null;
        var digest = reference.Digest ?? record?.RepoDigest ?? record?.Manifest
            ?? throw new ContentNotFoundException($"{what} is not in the image store");
        return Task.FromResult(_store.ReadManifestDocument(digest, record?.Manifest == digest ? record.MediaType : null, what)
            ?? throw new ContentNotFoundException($"{what} is not in the image store"));
    }

    public Task<Stream> OpenBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken) =>
        Task.FromResult(_store.HasBlob(blob.Digest)
            ? _store.OpenBlob(blob.Digest)
            : throw new ContentNotFoundException($"blob {blob.Digest} of {repository.ToFamiliarString()} is not in the image store"));
}
