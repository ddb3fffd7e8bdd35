using ImageTasks.Core.Archives;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Load;

/// <summary>
/// <c>load</c>: an archive (docker save of 20.10 or 25+, podman save, skopeo's docker-archive and oci-archive; gzip or
/// not) read once from a file or a pipe, its images read through the archive source and stored through the store's
/// verified ingest like a pull's. All or nothing: every blob is verified and kept unnamed until every image of the
/// archive has passed, so a bad archive leaves the store as it was.
/// </summary>
public sealed class LoadOperation
{
    /// <summary>The repository of images an archive carries without a name: never shown (they are listed as &lt;none&gt;).</summary>
    private static readonly Repository Unnamed = Repository.Parse("imagetasks.invalid/loaded");

    private readonly ImageStore _store;

    public LoadOperation(ImageStore store) => _store = store;

    public async Task<LoadResult> ExecuteAsync(Stream archiveStream, CancellationToken cancellationToken)
    {
        _store.CleanStaleTempFiles();
        using var archive = await ArchiveReader.ReadAsync(archiveStream, _store, cancellationToken).ConfigureAwait(false);
        var images = ArchiveCatalog.Read(archive);
        var source = new ArchiveSource(archive, images);

        // Leased before the store is asked what it has: a concurrent rm or prune keeps every blob this load counts on.
        var blobs = images.SelectMany(i => new[] { i.Manifest.Digest, i.ConfigDigest }.Concat(i.Manifest.Manifest!.Layers.Select(l => l.Digest)))
            .Concat(images.Select(i => i.Index?.Digest).OfType<Digest>());
        using var lease = await _store.LeaseAsync(blobs, cancellationToken).ConfigureAwait(false);

        using var staging = _store.BeginStaging();
        var load = new Staged(new StoreSink(staging), [], []);
        var records = new List<(ArchivedImage Image, List<ImageRecord> Entries)>();
        foreach (var image in images)
        {
            records.Add((image, await StageAsync(image, RepositoryOf(image, images), source, load, cancellationToken).ConfigureAwait(false)));
        }

        staging.Publish();
        return await _store.UpdateIndexAsync(entries =>
        {
            if (records.SelectMany(r => r.Entries).Select(_store.MissingBlob).FirstOrDefault(m => m is not null) is { } missing)
            {
                throw new StoreException($"blob {missing} was removed from the store by another command during the load: load again");
            }

            return new LoadResult(records.Select(r =>
            {
                var replaced = new List<ReplacedTag>();
                foreach (var entry in r.Entries)
                {
                    var previous = entry.Reference is null ? null : entries.FirstOrDefault(e => e.Reference == entry.Reference);
                    ImageIndexChanges.RecordPull(entries, entry);
                    if (previous is not null && previous.Config != entry.Config)
                    {
                        replaced.Add(new ReplacedTag(entry.Reference!, previous.Config));
                    }
                }

                return new LoadedImage(r.Image.ConfigDigest, r.Image.Tags, replaced);
            }).ToList());
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What this load has staged so far: documents by digest, layers with what their verification learnt.</summary>
    private sealed record Staged(StoreSink Sink, HashSet<Digest> Documents, Dictionary<Digest, LayerInfo> Layers);

    private static async Task<LayerInfo> StageLayerAsync(Staged load, Repository repository, SourceImage image, Descriptor layer, Digest diffId, string what, CancellationToken cancellationToken)
    {
        // An uncompressed layer is its own content: a config that names other content lies, and is told before any byte is read.
        if (MediaTypes.CompressionOf(layer.MediaType) == LayerCompression.None && layer.Digest != diffId)
        {
            throw ArchiveErrors.Mismatch($"layer {layer.Digest}", $"is uncompressed, but the config of {what} gives it diff_id {diffId}");
        }

        try
        {
            return (await load.Sink.PutBlobAsync(repository, layer, diffId, image.OpenLayerAsync(layer), null, cancellationToken).ConfigureAwait(false)).Layer!;
        }
        catch (StoreException e) when (e.Code == DiagnosticCodes.StoreUnusable || e.Code == DiagnosticCodes.ContentMismatch)
        {
            // The store's verification refused the archive's bytes (a compressed layer whose content is not its diff_id).
            throw new ArchiveException(DiagnosticCodes.ArchiveContentMismatch, $"invalid image archive: {e.Message}; nothing was loaded", e);
        }
    }

    /// <summary>
    /// The repository an image is recorded under: its first name's; for an untagged platform of an image index, the
    /// repository of the index's tagged platform (as a pull of that platform leaves it).
    /// </summary>
    private static Repository RepositoryOf(ArchivedImage image, IReadOnlyList<ArchivedImage> images)
    {
        var named = image.Tags.Count > 0 || image.Index is null
            ? image
            : images.FirstOrDefault(i => i.Index?.Digest == image.Index.Digest && i.Tags.Count > 0) ?? image;
        return named.Tags.Count > 0 ? named.Tags[0].Repository : Unnamed;
    }

    /// <summary>Stages what the store lacks of one image (config, layers, manifest, the index it came through) and returns its index entries, one per name.</summary>
    private async Task<List<ImageRecord>> StageAsync(ArchivedImage image, Repository repository, ArchiveSource source, Staged load, CancellationToken cancellationToken)
    {
        var what = image.Tags.Count > 0 ? image.Tags[0].ToFamiliarString() : image.ConfigDigest.ToString();
        var read = new SourceImage(source, repository, image.Manifest);
        var config = await read.GetConfigAsync(cancellationToken).ConfigureAwait(false);
        var diffIds = await read.GetDiffIdsAsync(what, cancellationToken).ConfigureAwait(false);
        if (!_store.HasBlob(config.Digest) && load.Documents.Add(config.Digest))
        {
            await load.Sink.PutBlobAsync(repository, read.ConfigDescriptor, null, t => source.OpenBlobAsync(repository, read.ConfigDescriptor, t), null, cancellationToken).ConfigureAwait(false);
        }

        long size = 0;
        for (var i = 0; i < read.Layers.Count; i++)
        {
            var layer = read.Layers[i];
            var known = load.Layers.GetValueOrDefault(layer.Digest) ?? (_store.HasBlob(layer.Digest) ? _store.GetLayerInfo(layer.Digest) : null);
            if (known is null || (known.DiffId != diffIds[i] && !load.Layers.ContainsKey(layer.Digest)))
            {
                // Not in the store, or there without the facts its verification records: through verified ingest.
                known = await StageLayerAsync(load, repository, read, layer, diffIds[i], what, cancellationToken).ConfigureAwait(false);
                load.Layers[layer.Digest] = known;
            }
            else if (known.DiffId != diffIds[i])
            {
                // The same bytes were verified for an earlier image of the archive: a config that says otherwise lies.
                throw ArchiveErrors.Mismatch($"layer {layer.Digest}", $"has diff_id {known.DiffId}, but the config of {what} says {diffIds[i]}");
            }

            size += known.ContentSize;
        }

        if (!_store.HasBlob(image.Manifest.Digest) && load.Documents.Add(image.Manifest.Digest))
        {
            await load.Sink.PutManifestAsync(repository.ToReference(), image.Manifest, cancellationToken).ConfigureAwait(false);
        }

        if (image.Index is { } index && !_store.HasBlob(index.Digest) && load.Documents.Add(index.Digest))
        {
            await load.Sink.PutManifestAsync(repository.ToReference(), index, cancellationToken).ConfigureAwait(false);
        }

        var entry = new ImageRecord
        {
            Manifest = image.Manifest.Digest,
            MediaType = image.Manifest.MediaType,
            ManifestSize = image.Manifest.Bytes.Length,
            Config = config.Digest,
            Repository = repository,
            // The digest a registry names the image by, when the archive carried its own manifest (docker keeps it as a RepoDigest).
            // An index's platform keeps the index's digest, tagged or not, as a pull through the index records it.
            RepoDigest = image.Index?.Digest ?? (image.ManifestInArchive && image.Tags.Count > 0 ? image.Manifest.Digest : null),
            Platform = PlatformSpec.From(config.Config.ToPlatform()),
            Created = config.Config.Created,
            Size = size,
            Pulled = DateTimeOffset.UtcNow,
        };
        return image.Tags.Count == 0
            ? [entry]
            : image.Tags.Select(t => entry with { Reference = t, Repository = t.Repository }).ToList();
    }
}
