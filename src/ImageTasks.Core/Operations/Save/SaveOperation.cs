using ImageTasks.Core.Archives;
using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Save;

/// <summary>
/// <c>save</c>: images of the store, read through the store source, into an archive sink writing docker 25+'s form
/// (see <see cref="ArchiveSink"/>). Every name is resolved before a byte is written, so a typo writes nothing. A tag
/// names the image in the archive; an ID or a digest saves it untagged, as docker does. A tag pulled through an image
/// index the store holds is saved with that index (see <see cref="ArchiveSink.PutIndexAsync"/>) and every platform of it
/// the store holds.
/// </summary>
public sealed class SaveOperation
{
    private readonly ImageStore _store;

    public SaveOperation(ImageStore store) => _store = store;

    public async Task ExecuteAsync(SaveOptions options, Stream output, CancellationToken cancellationToken)
    {
        var records = _store.ListImages();
        var stored = StoredImage.Group(records);
        var picks = options.Images.Select(name => Pick(stored, name, options)).ToList();

        // Leased while they are read: an rm or prune in another process keeps what is being written.
        var indexes = picks.Select(p => p.Record.RepoDigest).OfType<Digest>().ToHashSet();
        var siblings = records.Where(r => r.RepoDigest is { } d && indexes.Contains(d));
        using var lease = await _store.LeaseAsync(picks.Select(p => p.Record).Concat(siblings).SelectMany(_store.BlobsOf), cancellationToken).ConfigureAwait(false);
        var source = new StoreSource(_store);
        var sink = new ArchiveSink(output);
        foreach (var (record, tag, what) in picks)
        {
            var document = await WriteImageAsync(sink, source, record, what, cancellationToken).ConfigureAwait(false);
            var target = tag ?? record.Repository.WithDigest(document.Digest);
            if (tag is not null && StoredIndex(record) is { } index)
            {
                // Every platform of the index the store holds goes in with it, so a load restores what the pull left.
                foreach (var sibling in records.Where(r => r.RepoDigest == index.Digest && r.Repository == record.Repository && r.Manifest != record.Manifest).DistinctBy(r => r.Manifest))
                {
                    await sink.PutManifestBlobAsync(await WriteImageAsync(sink, source, sibling, what, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                }

                await sink.PutIndexAsync(target, index, document, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await sink.PutManifestAsync(target, document, cancellationToken).ConfigureAwait(false);
        }

        await sink.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes an image's config and layers (read through the image: size bounded, digest checked) and returns its manifest.</summary>
    private async Task<ManifestDocument> WriteImageAsync(ArchiveSink sink, StoreSource source, ImageRecord record, string what, CancellationToken cancellationToken)
    {
        var document = _store.ReadManifestDocument(record.Manifest, record.MediaType, what)
            ?? throw new StoreException($"the image store lacks the manifest of {what}: run dotnet image check");
        var image = new SourceImage(source, record.Repository, document);
        await image.GetConfigAsync(cancellationToken).ConfigureAwait(false);
        await sink.PutBlobAsync(record.Repository, image.ConfigDescriptor, null, t => source.OpenBlobAsync(record.Repository, image.ConfigDescriptor, t), null, cancellationToken).ConfigureAwait(false);
        foreach (var layer in image.Layers)
        {
            await sink.PutBlobAsync(record.Repository, layer, null, image.OpenLayerAsync(layer), null, cancellationToken).ConfigureAwait(false);
        }

        return document;
    }

    /// <summary>The image index a tag was pulled through (the digest a lock pins), when the store holds its bytes.</summary>
    private ManifestDocument? StoredIndex(ImageRecord record) =>
        record.RepoDigest is { } digest && digest != record.Manifest && _store.HasBlob(digest)
        && _store.ReadManifestDocument(digest, null, $"{record.Repository}@{digest}") is { IsIndex: true } index
            ? index
            : null;

    private static (ImageRecord Record, ImageReference? Tag, string What) Pick(IReadOnlyList<StoredImage> stored, string name, SaveOptions options)
    {
        ImageReference? byReference;
        var image = (options.Platform is { } platform
            ? ImageLookup.Find(stored, name, platform, out byReference)
            : ImageLookup.Find(stored, name, out byReference)) ?? throw new ImageNotFoundException(name);
        var tag = byReference is { Digest: null } ? byReference : null;
        var record = image.Entries.FirstOrDefault(e => tag is not null && e.Reference == tag) ?? image.First;
        return (record, tag, name);
    }
}
