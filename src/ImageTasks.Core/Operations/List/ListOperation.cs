using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.List;

/// <summary>
/// <c>ls</c>: the store's images, newest first, filtered as docker's daemon filters them. A reference filter keeps only
/// the names that match (and drops images with none). Reads the index only, except for label filters, which need configs.
/// </summary>
public sealed class ListOperation
{
    private readonly ImageStore _store;
    private IReadOnlyDictionary<Digest, IReadOnlyList<string>>? _projectsByImage;

    public ListOperation(ImageStore store) => _store = store;

    /// <summary>
    /// Measures the layers of images another tool put into the layout (their unpacked size, which docker's SIZE shows and
    /// which only a pull records for our own): once per layer, kept with the layer like a pull keeps it. A layer whose
    /// content does not match the config's diff_id is left unmeasured.
    /// </summary>
    /// <returns>whether a layer was measured (then the images' sizes changed and the index must be read again)</returns>
    private async Task<bool> MeasureForeignLayersAsync(IReadOnlyList<ImageRecord> records, CancellationToken cancellationToken)
    {
        var measured = false;
        foreach (var record in records.Where(r => r.Foreign is not null))
        {
            var manifest = _store.ReadManifest(record.Manifest);
            var diffIds = _store.ReadConfig(record.Config).RootFs.DiffIds;
            for (var i = 0; manifest is not null && i < manifest.Layers.Count && i < diffIds.Count; i++)
            {
                var layer = manifest.Layers[i];
                if (_store.GetLayerInfo(layer.Digest) is not null || !_store.HasBlob(layer.Digest) || !Digest.TryParse(diffIds[i], out var declared))
                {
                    continue;
                }

                await using var blob = _store.OpenBlob(layer.Digest);
                var (diffId, contentSize) = await Store.Ingest.LayerVerifier.ReadAsync(blob, MediaTypes.CompressionOf(layer.MediaType), declared, cancellationToken).ConfigureAwait(false);
                if (diffId == declared)
                {
                    _store.PutLayerInfo(layer.Digest, new LayerInfo(diffId, contentSize));
                    measured = true;
                }
            }
        }

        return measured;
    }

    /// <summary>The images ls shows, with the layers of images other tools wrote measured first (one index read when none are new).</summary>
    public async Task<IReadOnlyList<StoredImage>> ExecuteAsync(ListOptions options, CancellationToken cancellationToken)
    {
        var records = _store.ListImages();
        if (await MeasureForeignLayersAsync(records, cancellationToken).ConfigureAwait(false))
        {
            records = _store.ListImages();
        }

        return Execute(options, records);
    }

    public IReadOnlyList<StoredImage> Execute(ListOptions options) => Execute(options, _store.ListImages());

    private List<StoredImage> Execute(ListOptions options, IReadOnlyList<ImageRecord> records)
    {
        var images = StoredImage.Group(records);
        var before = Pivot(images, options.Before);
        var since = Pivot(images, options.Since);
        var result = new List<StoredImage>();
        foreach (var image in images)
        {
            // A build-pulled image is untagged (pinned by digest) but not abandoned: a project uses it, as a container
            // uses an image, so it is not dangling (and prune, which removes dangling images, keeps it).
            if (options.Dangling is { } dangling && (image.IsDangling && ProjectsUsing(image).Count == 0) != dangling)
            {
                continue;
            }

            if (options.Projects.Count > 0 && !ProjectsUsing(image).Any(project => options.Projects.Any(wanted => ProjectMatches(project, wanted))))
            {
                continue;
            }

            if (before is not null && !(image.Created < before.Created))
            {
                continue;
            }

            if (since is not null && !(image.Created > since.Created))
            {
                continue;
            }

            if (options.Labels.Count > 0 && !HasLabels(image, options.Labels))
            {
                continue;
            }

            var kept = options.References.Count == 0 ? image : Matching(image, options.References);
            if (kept is not null)
            {
                result.Add(kept);
            }
        }

        return result;
    }

    /// <summary>The projects that use the image now (the store's in-use roots, read once per listing), sorted.</summary>
    public IReadOnlyList<string> ProjectsUsing(StoredImage image)
    {
        _projectsByImage ??= _store.ProjectsByImage();
        return _projectsByImage.GetValueOrDefault(image.Id, []);
    }

    /// <summary>os/arch[/variant] of the image (its index entry's platform, else its config's).</summary>
    public string PlatformOf(StoredImage image) =>
        image.First.Platform is null && !_store.HasBlob(image.Id) ? "" : ImageTree.PlatformOf(_store, image.First);

    /// <summary>
    /// <c>project=</c> names a project by its file name, with or without the extension (<c>App</c>, <c>App.csproj</c>),
    /// or by a path to the project file or its folder (relative to the current folder).
    /// </summary>
    private static bool ProjectMatches(string project, string wanted)
    {
        if (wanted == Path.GetFileName(project) || wanted == Path.GetFileNameWithoutExtension(project))
        {
            return true;
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(wanted));
        return full == project || full == Path.GetDirectoryName(project);
    }

    /// <summary>The image's labels (its config's), for filters and templates.</summary>
    public Dictionary<string, string> LabelsOf(StoredImage image) =>
        _store.HasBlob(image.Id) ? _store.ReadConfig(image.Id).Config?.Labels ?? [] : [];

    private static StoredImage? Pivot(IReadOnlyList<StoredImage> images, string? name) =>
        name is null ? null : ImageLookup.Find(images, name, out _) ?? throw new ImageNotFoundException(name);

    private bool HasLabels(StoredImage image, IReadOnlyList<(string Key, string? Value)> wanted)
    {
        var labels = LabelsOf(image);
        return wanted.All(w => labels.TryGetValue(w.Key, out var value) && (w.Value is null || w.Value == value));
    }

    /// <summary>Only the entries whose tag or repository digest matches one of the patterns; null when none does.</summary>
    private static StoredImage? Matching(StoredImage image, IReadOnlyList<string> patterns)
    {
        bool Match(ImageReference reference) => patterns.Any(p => ReferencePattern.Matches(p, reference));
        var entries = image.Entries
            .Select(e => e with
            {
                Reference = e.Reference is { } tag && Match(tag) ? tag : null,
                RepoDigest = e.RepoDigest is { } digest && Match(e.Repository.WithDigest(digest)) ? digest : null,
            })
            .Where(e => e.Reference is not null || e.RepoDigest is not null)
            .ToList();
        return entries.Count == 0 ? null : image with { Entries = entries };
    }
}
