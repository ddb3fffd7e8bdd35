using ImageTasks.Core.Manifests;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Pull;

/// <summary>
/// Pull: tag or digest -> manifest (an index picks the platform) -> config and layers, in parallel, each verified as it
/// streams -> the tag moves in the store, the image it left stays untagged. A digest already in the store needs no request.
/// </summary>
public sealed class PullOperation
{
    private readonly RegistryClient _registry;
    private readonly ImageStore _store;
    private readonly LayerDownloader _layers;

    public PullOperation(RegistryClient registry, ImageStore store)
    {
        _registry = registry;
        _store = store;
        _layers = new LayerDownloader(registry, store);
    }

    public async Task<IReadOnlyList<PullResult>> ExecuteAsync(PullOptions options, IProgress<PullEvent>? progress, CancellationToken cancellationToken)
    {
        _store.CleanStaleTempFiles();
        if (!options.AllTags)
        {
            return [await PullOneAsync(options.Reference, options, progress, cancellationToken).ConfigureAwait(false)];
        }

        var tags = await _registry.ListTagsAsync(options.Reference.Repository, cancellationToken).ConfigureAwait(false);
        var results = new List<PullResult>();
        // Docker pulls the default tag first, then the others in the registry's order.
        foreach (var tag in tags.OrderBy(t => t == "latest" ? 0 : 1))
        {
            results.Add(await PullOneAsync(options.Reference.WithTag(tag), options, progress, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<PullResult> PullOneAsync(ImageReference reference, PullOptions options, IProgress<PullEvent>? progress, CancellationToken cancellationToken)
    {
        var wanted = options.Platform ?? Platform.Host;
        if (reference.Digest is { } pinned && FindPresent(reference, pinned, wanted) is { } present)
        {
            progress?.Report(new PullStarted(reference));
            var result = new PullResult(reference, pinned, present.Manifest, present.Config, present.Platform?.ToPlatform() ?? wanted, true, null, 0, 0, 0);
            progress?.Report(new PullFinished(result));
            return result;
        }

        var repository = reference.Repository;
        var top = await _registry.GetManifestAsync(repository, reference.Digest?.ToString() ?? reference.Tag!, cancellationToken).ConfigureAwait(false);
        progress?.Report(new PullStarted(reference)); // as docker: only once the registry has answered for the reference
        var image = top.IsIndex ? await SelectPlatformAsync(repository, reference, top, wanted, cancellationToken).ConfigureAwait(false) : top;
        var manifest = image.Manifest!;

        var configDescriptor = manifest.Config;
        var configDigest = configDescriptor.Digest;
        // Docker says nothing about layers of an image it already has (even under another name): neither do we.
        var imageKnown = _store.HasBlob(configDigest);
        var config = await FetchConfigAsync(repository, configDescriptor, configDigest, cancellationToken).ConfigureAwait(false);
        var platform = config.ToPlatform();
        if (!top.IsIndex && options.Platform is { } asked)
        {
            PlatformSelection.EnsureMatches(reference, asked, platform);
        }

        if (config.RootFs.DiffIds.Count != manifest.Layers.Count)
        {
            throw new ManifestException(
                $"image {reference.ToFamiliarString()} is inconsistent: its manifest lists {manifest.Layers.Count} layers but its config has {config.RootFs.DiffIds.Count} diff_ids");
        }

        var (downloaded, existing, bytes, size) = await FetchLayersAsync(repository, manifest, config, options, imageKnown ? null : progress, progress, cancellationToken).ConfigureAwait(false);

        await _store.PutBlobAsync(image.Bytes, image.Digest, cancellationToken).ConfigureAwait(false);
        if (top.IsIndex)
        {
            await _store.PutBlobAsync(top.Bytes, top.Digest, cancellationToken).ConfigureAwait(false);
        }

        var record = new ImageRecord
        {
            Manifest = image.Digest,
            MediaType = image.MediaType,
            ManifestSize = image.Bytes.Length,
            Config = configDigest,
            Reference = reference.Digest is null ? reference : null,
            Repository = repository,
            RepoDigest = top.Digest,
            Platform = PlatformSpec.From(platform),
            Created = config.Created,
            Size = size,
            Pulled = DateTimeOffset.UtcNow,
        };

        var alreadyNamed = false;
        var move = await _store.UpdateIndexAsync(images =>
        {
            // An rm or prune in another process may have swept a layer we found "already there": check under the lock.
            if (_store.MissingBlob(record) is { } missing)
            {
                throw new StoreException($"blob {missing} was removed from the store by another command during the pull of {reference.ToFamiliarString()}: pull again");
            }

            alreadyNamed = images.Any(r => r.Manifest == image.Digest && r.Reference == record.Reference && r.Repository == repository && r.RepoDigest == top.Digest);
            return ImageIndexChanges.RecordPull(images, record);
        }, cancellationToken).ConfigureAwait(false);

        var pulled = new PullResult(reference, top.Digest, image.Digest, configDigest, platform, downloaded == 0 && alreadyNamed, move, downloaded, existing, bytes);
        progress?.Report(new PullFinished(pulled));
        return pulled;
    }

    /// <summary>A digest the store holds for this repository and platform, with all its blobs: nothing to ask the registry.</summary>
    private ImageRecord? FindPresent(ImageReference reference, Digest pinned, Platform wanted)
    {
        var matcher = new PlatformMatcher(wanted);
        var repository = reference.Repository;
        return _store.ListImages().FirstOrDefault(r =>
            r.Repository == repository && (r.RepoDigest == pinned || r.Manifest == pinned)
            && (r.Platform is null || r.Manifest == pinned || matcher.Matches(r.Platform.ToPlatform()))
            && _store.MissingBlob(r) is null);
    }

    private async Task<ManifestDocument> SelectPlatformAsync(Repository repository, ImageReference reference, ManifestDocument index, Platform wanted, CancellationToken cancellationToken)
    {
        var chosen = PlatformSelection.SelectFromIndex(index.Index!, wanted, reference);
        var image = await _registry.GetManifestAsync(repository, chosen.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        if (image.Manifest is null)
        {
            throw new ManifestException($"{reference.ToFamiliarString()}: the entry for {wanted} is not an image manifest ({image.MediaType})");
        }

        return image;
    }

    private async Task<ImageConfig> FetchConfigAsync(Repository repository, Descriptor descriptor, Digest digest, CancellationToken cancellationToken)
    {
        if (!_store.HasBlob(digest))
        {
            await using var blob = await _registry.OpenBlobAsync(repository, digest, descriptor.Size, cancellationToken).ConfigureAwait(false);
            using var ingest = _store.BeginIngest(digest);
            await blob.CopyToAsync(ingest, cancellationToken).ConfigureAwait(false);
            await ingest.CommitAsync(descriptor.Size, cancellationToken).ConfigureAwait(false);
        }

        await using var stored = _store.OpenBlob(digest);
        return ImageConfigReader.Read(stored, digest.ToString());
    }

    private async Task<(int Downloaded, int Existing, long Bytes, long Size)> FetchLayersAsync(
        Repository repository, ImageManifest manifest, ImageConfig config, PullOptions options, IProgress<PullEvent>? existsProgress, IProgress<PullEvent>? progress, CancellationToken cancellationToken)
    {
        var sizes = new long[manifest.Layers.Count];
        var missing = new List<int>();
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            var digest = manifest.Layers[i].Digest;
            var diffId = Digest.Parse(config.RootFs.DiffIds[i]);
            var known = _store.HasBlob(digest) ? _store.GetLayerInfo(digest) : null;
            if (known is not null && known.DiffId == diffId)
            {
                sizes[i] = known.ContentSize;
                existsProgress?.Report(new LayerExists(digest));
            }
            else
            {
                missing.Add(i);
                progress?.Report(new LayerQueued(digest, manifest.Layers[i].Size));
            }
        }

        // The same layer may appear twice in one manifest: fetch it once.
        var unique = missing.GroupBy(i => manifest.Layers[i].Digest).Select(g => g.First()).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentDownloads), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(unique, parallel, async (i, token) =>
        {
            var layer = manifest.Layers[i];
            var info = await _layers.DownloadAsync(repository, layer, Digest.Parse(config.RootFs.DiffIds[i]), progress, token).ConfigureAwait(false);
            progress?.Report(new LayerComplete(layer.Digest));
            foreach (var j in missing.Where(j => manifest.Layers[j].Digest == layer.Digest))
            {
                sizes[j] = info.ContentSize;
            }
        }).ConfigureAwait(false);

        var bytes = unique.Sum(i => manifest.Layers[i].Size);
        return (unique.Count, manifest.Layers.Count - missing.Count, bytes, sizes.Sum());
    }
}
