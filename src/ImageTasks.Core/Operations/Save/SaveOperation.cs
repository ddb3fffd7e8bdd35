using ImageTasks.Core.Archives;
using ImageTasks.Core.Images;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Save;

/// <summary>
/// <c>save</c>: images of the store, read through the store source, into an archive sink writing docker 25+'s form
/// (see <see cref="ArchiveSink"/>). Every name is resolved before a byte is written, so a typo writes nothing. A tag
/// names the image in the archive; an ID or a digest saves it untagged, as docker does.
/// </summary>
public sealed class SaveOperation
{
    private readonly ImageStore _store;

    public SaveOperation(ImageStore store) => _store = store;

    public async Task ExecuteAsync(SaveOptions options, Stream output, CancellationToken cancellationToken)
    {
        var stored = StoredImage.Group(_store.ListImages());
        var picks = options.Images.Select(name => Pick(stored, name, options)).ToList();

        // Leased while they are read: an rm or prune in another process keeps what is being written.
        using var lease = await _store.LeaseAsync(picks.SelectMany(p => _store.BlobsOf(p.Record)), cancellationToken).ConfigureAwait(false);
        var source = new StoreSource(_store);
        var sink = new ArchiveSink(output);
        foreach (var (record, tag, what) in picks)
        {
            var document = _store.ReadManifestDocument(record.Manifest, record.MediaType, what)
                ?? throw new StoreException($"the image store lacks the manifest of {what}: run dotnet image check");
            var image = new SourceImage(source, record.Repository, document);
            // Read once through the image (size bounded, digest checked) before its bytes go into the archive.
            await image.GetConfigAsync(cancellationToken).ConfigureAwait(false);
            await sink.PutBlobAsync(record.Repository, image.ConfigDescriptor, null, t => source.OpenBlobAsync(record.Repository, image.ConfigDescriptor, t), null, cancellationToken).ConfigureAwait(false);
            foreach (var layer in image.Layers)
            {
                await sink.PutBlobAsync(record.Repository, layer, null, image.OpenLayerAsync(layer), null, cancellationToken).ConfigureAwait(false);
            }

            await sink.PutManifestAsync(tag ?? record.Repository.WithDigest(document.Digest), document, cancellationToken).ConfigureAwait(false);
        }

        await sink.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

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
