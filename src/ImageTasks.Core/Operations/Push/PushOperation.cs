using System.Collections.Concurrent;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Push;

/// <summary>
/// Push: a tag in the store -> its layers, top first, in parallel (skipped when the repository has them, mounted when
/// another repository of the registry does, else streamed from the store) -> config -> the manifest's exact stored bytes
/// under the tag, so the digest is the one the store knows. A multi-platform image pulled for one platform pushes that
/// platform's manifest: the store holds no other. The store is only read.
/// </summary>
public sealed class PushOperation
{
    private const long ProgressStep = 1 << 19;

    private readonly RegistryClient _registry;
    private readonly ImageStore _store;

    public PushOperation(RegistryClient registry, ImageStore store)
    {
        _registry = registry;
        _store = store;
    }

    public async Task<IReadOnlyList<PushResult>> ExecuteAsync(PushOptions options, IProgress<PushEvent>? progress, CancellationToken cancellationToken)
    {
        var repository = options.Reference.Repository;
        progress?.Report(new PushStarted(repository)); // as docker: the repository is named before the store is searched

        var named = _store.ListImages().Where(r => r.Reference?.Repository == repository).ToList();
        if (named.Count == 0)
        {
            throw new PushException($"An image does not exist locally with the tag: {repository.ToFamiliarString()}");
        }

        var records = options.AllTags
            ? named.OrderBy(r => r.Reference!.Tag, StringComparer.Ordinal).ToList()
            : named.Where(r => r.Reference == options.Reference).Take(1).ToList();
        if (records.Count == 0)
        {
            throw new PushException($"tag does not exist: {options.Reference.ToFamiliarString()}");
        }

        var push = new PushRun(new BlobUploader(_registry, _store, options.ChunkSize), MountSources.Find(_store, repository), options, progress);
        var results = new List<PushResult>();
        foreach (var record in records)
        {
            results.Add(await PushTagAsync(record, push, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<PushResult> PushTagAsync(ImageRecord record, PushRun push, CancellationToken cancellationToken)
    {
        var reference = record.Reference!;
        var repository = reference.Repository;
        var what = reference.ToFamiliarString();
        var document = StoredManifest.Read(_store, record, what);
        var manifest = document.Manifest ?? throw new ManifestException($"{what} names an index in the store, not an image manifest; only image manifests are pushed");
        var config = ReadConfig(manifest.Config, what);
        if (config.RootFs.DiffIds.Count != manifest.Layers.Count)
        {
            throw new ManifestException(
                $"image {what} is inconsistent: its manifest lists {manifest.Layers.Count} layers but its config has {config.RootFs.DiffIds.Count} diff_ids");
        }

        // Docker lists layers from the top one down, and pushes a layer the image repeats once.
        var layers = manifest.Layers
            .Select((layer, i) => new LayerToPush(layer.Digest, Digest.Parse(config.RootFs.DiffIds[i]), layer.Size, layer.Urls is { Count: > 0 }))
            .Reverse()
            .DistinctBy(l => l.Digest)
            .ToList();
        for (var i = 0; i < layers.Count; i++)
        {
            push.Progress?.Report(new LayerPreparing(layers[i]));
        }

        for (var i = push.Options.MaxConcurrentUploads; i < layers.Count; i++)
        {
            push.Progress?.Report(new LayerWaiting(layers[i]));
        }

        var outcomes = new ConcurrentBag<BlobOutcomeKind>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = push.Options.MaxConcurrentUploads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(layers, parallel, async (layer, token) =>
        {
            var outcome = await PushLayerAsync(repository, layer, push, token).ConfigureAwait(false);
            if (outcome is not null)
            {
                outcomes.Add(outcome.Kind);
            }
        }).ConfigureAwait(false);

        var configDigest = manifest.Config.Digest;
        if (!push.OnRegistry.ContainsKey(configDigest))
        {
            await push.Uploader.PushAsync(repository, configDigest, manifest.Config.Size, push.Mounts.For(configDigest), null, cancellationToken).ConfigureAwait(false);
            push.OnRegistry[configDigest] = true;
        }

        var digest = await _registry.PutManifestAsync(repository, reference.Tag!, record.MediaType, document.Bytes, cancellationToken).ConfigureAwait(false);
        var result = new PushResult(
            reference,
            digest,
            document.Bytes.Length,
            outcomes.Count(k => k == BlobOutcomeKind.Uploaded),
            outcomes.Count(k => k == BlobOutcomeKind.Mounted),
            outcomes.Count(k => k == BlobOutcomeKind.Existed));
        push.Progress?.Report(new TagPushed(result));
        return result;
    }

    /// <returns>how the layer got there; null for a foreign layer, which is not pushed</returns>
    private static async Task<BlobOutcome?> PushLayerAsync(Repository repository, LayerToPush layer, PushRun push, CancellationToken cancellationToken)
    {
        if (layer.IsForeign)
        {
            push.Progress?.Report(new ForeignLayerSkipped(layer));
            return null;
        }

        // An earlier tag of this push already put it there: no need to ask again.
        if (push.OnRegistry.ContainsKey(layer.Digest))
        {
            push.Progress?.Report(new LayerAlreadyExists(layer));
            return BlobOutcome.Existed;
        }

        long reported = 0;
        void Sent(long bytes)
        {
            if (bytes - reported >= ProgressStep || bytes == layer.Size)
            {
                reported = bytes;
                push.Progress?.Report(new LayerPushing(layer, bytes));
            }
        }

        var outcome = await push.Uploader.PushAsync(repository, layer.Digest, layer.Size, push.Mounts.For(layer.Digest), Sent, cancellationToken).ConfigureAwait(false);
        push.OnRegistry[layer.Digest] = true;
        push.Progress?.Report(outcome.Kind switch
        {
            BlobOutcomeKind.Existed => new LayerAlreadyExists(layer),
            BlobOutcomeKind.Mounted => new LayerMounted(layer, outcome.MountedFrom!),
            _ => new LayerPushed(layer),
        });
        return outcome;
    }

    private ImageConfig ReadConfig(Descriptor descriptor, string what)
    {
        var digest = descriptor.Digest;
        if (!_store.HasBlob(digest))
        {
            throw new StoreException($"image {what} is damaged in the store: its config {digest} is missing; pull it again");
        }

        using var stream = _store.OpenBlob(digest);
        return ImageConfigReader.Read(stream, digest.ToString());
    }

    /// <summary>What the tags of one push share: the uploader, the mount candidates, and the blobs the registry has by now.</summary>
    private sealed record PushRun(BlobUploader Uploader, MountSources Mounts, PushOptions Options, IProgress<PushEvent>? Progress)
    {
        public ConcurrentDictionary<Digest, bool> OnRegistry { get; } = new();
    }
}
