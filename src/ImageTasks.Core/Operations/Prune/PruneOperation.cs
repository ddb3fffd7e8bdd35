using ImageTasks.Core.Manifests;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Prune;

/// <param name="Lines">untagged/deleted lines, in the order docker prints them</param>
/// <param name="ReclaimedBytes">
/// uncompressed size of the layers deleted (what docker's "Total reclaimed space" counts), plus the bytes of the
/// leftovers swept
/// </param>
/// <param name="Leftovers">blobs no image named and dead processes' temp files, swept (or, on a dry run, that would be)</param>
public sealed record PruneResult(IReadOnlyList<RemovalLine> Lines, long ReclaimedBytes, IReadOnlyList<StoreLeftover> Leftovers);

/// <summary>
/// <c>prune</c>: dangling images, or with -a every image no project uses; blobs go when nothing needs them. Then what
/// no image needs at all goes too: blobs a killed pull committed before naming them, and temp files no live process owns.
/// </summary>
public sealed class PruneOperation
{
    private readonly ImageStore _store;

    public PruneOperation(ImageStore store) => _store = store;

    public async Task<PruneResult> ExecuteAsync(PruneOptions options, CancellationToken cancellationToken)
    {
        List<RemovalLine> Prune(List<ImageRecord> entries)
        {
            var lines = new List<RemovalLine>();
            foreach (var image in StoredImage.Group(entries).Where(i => Selected(i, options)))
            {
                lines.AddRange(ImageDeletion.UntagAll(entries, image));
                lines.AddRange(ImageDeletion.Delete(entries, image, _store));
            }

            return lines;
        }

        var result = options.DryRun
            ? Prune(_store.ListImages().ToList()) // the same decisions, on a copy that is never written
            : await _store.UpdateIndexAsync(Prune, cancellationToken).ConfigureAwait(false);
        var leftovers = options.DryRun ? _store.FindLeftovers() : await _store.SweepAsync(cancellationToken).ConfigureAwait(false);
        return new PruneResult(result, result.Sum(l => l.ReclaimedBytes) + leftovers.Sum(l => l.Bytes), leftovers);
    }

    private bool Selected(StoredImage image, PruneOptions options)
    {
        if (!options.All && !image.IsDangling)
        {
            return false;
        }

        if (options.Until is { } until && image.Created is { } created && created >= until)
        {
            return false;
        }

        if (options.Labels.Count > 0 || options.NotLabels.Count > 0)
        {
            var labels = LabelsOf(image);
            if (!options.Labels.All(l => HasLabel(labels, l)) || options.NotLabels.Any(l => HasLabel(labels, l)))
            {
                return false;
            }
        }

        return _store.ProjectsUsing(image.Id).Count == 0;
    }

    private Dictionary<string, string> LabelsOf(StoredImage image) =>
        _store.HasBlob(image.Id) ? _store.ReadConfig(image.Id).Config?.Labels ?? [] : [];

    private static bool HasLabel(Dictionary<string, string> labels, (string Key, string? Value) wanted) =>
        labels.TryGetValue(wanted.Key, out var value) && (wanted.Value is null || wanted.Value == value);
}
