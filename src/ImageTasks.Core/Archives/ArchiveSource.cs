using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Archives;

/// <summary>
/// A read archive as an image source: manifests by digest (the archive's own, or those built for docker 20.10 images),
/// blobs by the digest of their bytes. Tags are the load's business (an archive's names are not a registry's), so only
/// digests are answered. A missing blob is the archive's fault, not a miss another source could fill.
/// </summary>
internal sealed class ArchiveSource : IImageSource
{
    private readonly SpooledArchive _archive;
    private readonly Dictionary<Digest, ManifestDocument> _manifests;

    public ArchiveSource(SpooledArchive archive, IEnumerable<ArchivedImage> images)
    {
        _archive = archive;
        _manifests = images.Select(i => i.Manifest).DistinctBy(m => m.Digest).ToDictionary(m => m.Digest);
    }

    public string Name => "the archive";

    public async Task<ManifestHead> HeadAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var document = await GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        return new ManifestHead(document.Digest, document.MediaType, document.Bytes.Length);
    }

    public Task<ManifestDocument> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken) =>
        Task.FromResult(reference.Digest is { } digest && _manifests.TryGetValue(digest, out var document)
            ? document
            : throw new ContentNotFoundException($"{reference.ToFamiliarString()} is not in the archive"));

    public Task<Stream> OpenBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken)
    {
        var file = _archive.Find(blob.Digest)
            ?? throw ArchiveErrors.Missing(ArchiveSink.BlobName(blob.Digest), $"the manifest of {repository.ToFamiliarString()}");
        // Checked before a byte is read, so the archive's lie is named rather than a failed verification further down.
        if (file.Length != blob.Size)
        {
            throw ArchiveErrors.Mismatch(file.Name, $"is {file.Length} bytes, but the manifest of {repository.ToFamiliarString()} says {blob.Size}");
        }

        return Task.FromResult(file.Open());
    }
}
