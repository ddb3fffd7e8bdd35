using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Resolution;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Pull;

/// <summary>
/// Pull: the resolver picks the image for the platform; its config and layers go into the store in parallel, each
/// through the store's verified ingest; the tag moves in the store and the image it left stays untagged. A digest already
/// in the store needs no request. The source is a registry with its mirrors (<see cref="MirroredRegistrySource"/>), or any other source.
/// </summary>
public sealed class PullOperation
{
    private readonly StoreCachedSource _source;
    private readonly RegistryClient? _registry;
    private readonly ImageStore _store;
    private readonly StoreSink _sink;

    public PullOperation(RegistryClient registry, ImageStore store)
        : this(new MirroredRegistrySource(registry, store), store) => _registry = registry;

    /// <summary>A pull from any source; <c>--all-tags</c> needs a registry to list tags.</summary>
    public PullOperation(IImageSource source, ImageStore store)
    {
        // Blobs and digests are content-addressed: what the store already holds (a config seen before) is not fetched again.
        _source = new StoreCachedSource(store, source);
        _store = store;
        _sink = new StoreSink(store);
    }

    public async Task<IReadOnlyList<PullResult>> ExecuteAsync(PullOptions options, IProgress<PullEvent>? progress, CancellationToken cancellationToken)
    {
        _store.CleanStaleTempFiles();
        if (!options.AllTags)
        {
            return [await PullOneAsync(options.Reference, options, progress, cancellationToken).ConfigureAwait(false)];
        }

        if (_registry is null)
        {
            throw new UsageException(DiagnosticCodes.InvalidArgument, $"pulling every tag of {options.Reference.ToFamiliarString()} needs a registry to list them");
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
            // Every layer is there (another build may just have pulled it): none downloaded, all present.
            var layerCount = _store.ReadManifest(present.Manifest)?.Layers.Count ?? 0;
            var result = new PullResult(reference, pinned, present.Manifest, present.Config, present.Platform?.ToPlatform() ?? wanted, true, null, 0, layerCount, 0);
            progress?.Report(new PullFinished(result));
            return result;
        }

        var resolver = new ImageResolver(_source);
        var top = await _source.GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        progress?.Report(new PullStarted(reference)); // as docker: only once the registry has answered for the reference

        // Leased before the store is asked what it has: a concurrent rm or prune keeps every blob this pull counts on.
        using var lease = await _store.LeaseAsync([top.Digest], cancellationToken).ConfigureAwait(false);

        // The config is fetched once across processes pulling the same image (the store's claim): a single image's is read
        // to learn its platform, so it is claimed before the resolution; an index entry's once the entry is chosen.
        var configClaim = top.Manifest is { } single ? await _store.ClaimBlobAsync(single.Config.Digest, null, cancellationToken).ConfigureAwait(false) : null;
        SourceImage image;
        ConfigDocument config;
        bool imageKnown;
        try
        {
            // A single-platform image is pulled whatever it is, unless a platform was asked for explicitly (docker's rule).
            var resolution = await resolver.ResolveAsync(reference, top, options.Platform is { } asked ? [asked] : [], cancellationToken).ConfigureAwait(false);
            image = resolution.IsIndex || options.Platform is not null
                ? await resolver.ImageAsync(resolution, wanted, cancellationToken).ConfigureAwait(false)
                : resolution.Single!;
            await lease.AddAsync([image.Digest, image.ConfigDescriptor.Digest, .. image.Layers.Select(l => l.Digest)], cancellationToken).ConfigureAwait(false);
            configClaim ??= await _store.ClaimBlobAsync(image.ConfigDescriptor.Digest, null, cancellationToken).ConfigureAwait(false);

            // Docker says nothing about layers of an image it already has (even under another name): neither do we.
            imageKnown = _store.HasBlob(image.ConfigDescriptor.Digest);
            config = await image.GetConfigAsync(cancellationToken).ConfigureAwait(false);
            await _store.PutBlobAsync(config.Bytes, config.Digest, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            configClaim?.Dispose();
        }

        var what = reference.ToFamiliarString();
        var diffIds = await image.GetDiffIdsAsync(what, cancellationToken).ConfigureAwait(false);

        var (downloaded, existing, bytes, size) = await FetchLayersAsync(image, diffIds, options, imageKnown ? null : progress, progress, cancellationToken).ConfigureAwait(false);

        await _sink.PutManifestAsync(reference, image.Document, cancellationToken).ConfigureAwait(false);
        if (top.IsIndex)
        {
            await _sink.PutManifestAsync(reference, top, cancellationToken).ConfigureAwait(false);
        }

        var platform = config.Config.ToPlatform();
        var repository = reference.Repository;
        var record = new ImageRecord
        {
            Manifest = image.Digest,
            MediaType = image.Document.MediaType,
            ManifestSize = image.Document.Bytes.Length,
            Config = config.Digest,
            Reference = reference.Digest is null ? reference : null,
            Repository = repository,
            RepoDigest = top.Digest,
            Platform = PlatformSpec.From(platform),
            Created = config.Config.Created,
            Size = size,
            Pulled = DateTimeOffset.UtcNow,
        };

        var alreadyNamed = false;
        var move = await _store.UpdateIndexAsync(images =>
        {
            // An rm or prune in another process may have swept a layer we found "already there": check under the lock.
            if (_store.MissingBlob(record) is { } missing)
            {
                throw new StoreException($"blob {missing} was removed from the store by another command during the pull of {what}: pull again");
            }

            alreadyNamed = images.Any(r => r.Manifest == image.Digest && r.Reference == record.Reference && r.Repository == repository && r.RepoDigest == top.Digest);
            return ImageIndexChanges.RecordPull(images, record);
        }, cancellationToken).ConfigureAwait(false);

        var pulled = new PullResult(reference, top.Digest, image.Digest, config.Digest, platform, downloaded == 0 && alreadyNamed, move, downloaded, existing, bytes);
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

    private async Task<(int Downloaded, int Existing, long Bytes, long Size)> FetchLayersAsync(
        SourceImage image, IReadOnlyList<Digest> diffIds, PullOptions options, IProgress<PullEvent>? existsProgress, IProgress<PullEvent>? progress, CancellationToken cancellationToken)
    {
        var layers = image.Layers;
        var sizes = new long[layers.Count];
        var missing = new List<int>();
        for (var i = 0; i < layers.Count; i++)
        {
            var digest = layers[i].Digest;
            if (_store.VerifiedLayer(digest, diffIds[i]) is { } known)
            {
                sizes[i] = known.ContentSize;
                existsProgress?.Report(new LayerExists(digest));
            }
            else
            {
                missing.Add(i);
                progress?.Report(new LayerQueued(digest, layers[i].Size));
            }
        }

        // The same layer may appear twice in one manifest: fetch it once.
        var unique = missing.GroupBy(i => layers[i].Digest).Select(g => g.First()).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentDownloads), CancellationToken = cancellationToken };
        var storedMeanwhile = new System.Collections.Concurrent.ConcurrentBag<int>();
        await Parallel.ForEachAsync(unique, parallel, async (i, token) =>
        {
            var layer = layers[i];
            // Another process pulling the same layer now (a parallel build): wait for it, then the layer is there.
            var (info, wasPresent) = await _sink.PutLayerOnceAsync(layer, diffIds[i], image.OpenLayerAsync(layer), Progress(layer, progress),
                () => progress?.Report(new LayerWaiting(layer.Digest)), token).ConfigureAwait(false);
            if (wasPresent)
            {
                storedMeanwhile.Add(i);
                progress?.Report(new LayerExists(layer.Digest));
            }
            else
            {
                progress?.Report(new LayerVerifying(layer.Digest));
                progress?.Report(new LayerDownloaded(layer.Digest));
                progress?.Report(new LayerComplete(layer.Digest));
            }

            foreach (var j in missing.Where(j => layers[j].Digest == layer.Digest))
            {
                sizes[j] = info.ContentSize;
            }
        }).ConfigureAwait(false);

        var fetched = unique.Except(storedMeanwhile).ToList();
        var bytes = fetched.Sum(i => layers[i].Size);
        return (fetched.Count, layers.Count - missing.Count + storedMeanwhile.Count, bytes, sizes.Sum());
    }

    /// <summary>"Downloading" events every half MiB, and at the end.</summary>
    private static Action<long> Progress(Descriptor layer, IProgress<PullEvent>? progress)
    {
        const long step = 1 << 19;
        long reported = 0;
        return received =>
        {
            if (received - reported >= step || received == layer.Size)
            {
                reported = received;
                progress?.Report(new LayerProgress(layer.Digest, received, layer.Size));
            }
        };
    }
}
