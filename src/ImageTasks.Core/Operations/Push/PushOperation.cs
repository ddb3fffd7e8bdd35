using System.Collections.Concurrent;
using ImageTasks.Core.Images;
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

        var mounts = MountSources.Find(_store, repository);
        var push = new PushRun(new RegistrySink(_registry, options.ChunkSize, mounts.For), new StoreSource(_store), options, progress);
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
        var document = _store.ReadManifestDocument(record.Manifest, record.MediaType, what)
            ?? throw new StoreException($"image {what} is damaged in the store: its manifest {record.Manifest} is missing; pull it again");
        if (document.Manifest is null)
        {
            throw new ManifestException($"{what} names an index in the store, not an image manifest; only image manifests are pushed");
        }

        var image = new SourceImage(push.Source, repository, document);
        var manifest = image.Manifest;
        var diffIds = await image.GetDiffIdsAsync(what, cancellationToken).ConfigureAwait(false);

        // Docker lists layers from the top one down, and pushes a layer the image repeats once.
        var layers = manifest.Layers
            .Select((layer, i) => new LayerToPush(layer.Digest, diffIds[i], layer.Size, layer.Urls is { Count: > 0 }))
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
            var outcome = await PushLayerAsync(image, layer, push, token).ConfigureAwait(false);
            if (outcome is not null)
            {
                outcomes.Add(outcome.Kind);
            }
        }).ConfigureAwait(false);

        var configDigest = manifest.Config.Digest;
        if (!push.OnRegistry.ContainsKey(configDigest))
        {
            await PutAsync(image, manifest.Config, null, push, cancellationToken).ConfigureAwait(false);
            push.OnRegistry[configDigest] = true;
        }

        var digest = await push.Sink.PutManifestAsync(reference, document, cancellationToken).ConfigureAwait(false);
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
    private static async Task<BlobOutcome?> PushLayerAsync(SourceImage image, LayerToPush layer, PushRun push, CancellationToken cancellationToken)
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

        var outcome = await PutAsync(image, new Descriptor { Digest = layer.Digest, Size = layer.Size }, Sent, push, cancellationToken).ConfigureAwait(false);
        push.OnRegistry[layer.Digest] = true;
        push.Progress?.Report(outcome.Kind switch
        {
            BlobOutcomeKind.Existed => new LayerAlreadyExists(layer),
            BlobOutcomeKind.Mounted => new LayerMounted(layer, outcome.MountedFrom!),
            _ => new LayerPushed(layer),
        });
        return outcome;
    }

    /// <summary>Skipped when the repository has it, else mounted or streamed from the store.</summary>
    private static async Task<BlobOutcome> PutAsync(SourceImage image, Descriptor blob, Action<long>? sent, PushRun push, CancellationToken cancellationToken)
    {
        if (await push.Sink.HasBlobAsync(image.Repository, blob, cancellationToken).ConfigureAwait(false))
        {
            return BlobOutcome.Existed;
        }

        var stored = await push.Sink.PutBlobAsync(image.Repository, blob, null, token => push.Source.OpenBlobAsync(image.Repository, blob, token), sent, cancellationToken).ConfigureAwait(false);
        return stored.MountedFrom is { } from ? BlobOutcome.Mounted(from) : BlobOutcome.Uploaded;
    }

    /// <summary>What the tags of one push share: the uploader, the mount candidates, and the blobs the registry has by now.</summary>
    private sealed record PushRun(RegistrySink Sink, StoreSource Source, PushOptions Options, IProgress<PushEvent>? Progress)
    {
        public ConcurrentDictionary<Digest, bool> OnRegistry { get; } = new();
    }
}
