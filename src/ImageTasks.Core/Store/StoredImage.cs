using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>
/// One image as Docker sees it: an image ID (the config digest) and every name the store has for it. The index holds
/// one entry per name; this groups them back together.
/// </summary>
public sealed record StoredImage(Digest Id, IReadOnlyList<ImageRecord> Entries)
{
    public ImageRecord First => Entries[0];

    /// <summary>Full tagged references, sorted.</summary>
    public IReadOnlyList<ImageReference> RepoTags =>
        Entries.Where(e => e.Reference is not null).Select(e => e.Reference!).Distinct().OrderBy(r => r.ToString(), StringComparer.Ordinal).ToList();

    /// <summary>repository@digest for every repository the image came from (Docker's RepoDigests).</summary>
    public IReadOnlyList<ImageReference> RepoDigests =>
        Entries.Where(e => e.RepoDigest is not null).Select(e => e.Repository.WithDigest(e.RepoDigest!.Value)).Distinct()
            .OrderBy(r => r.ToString(), StringComparer.Ordinal).ToList();

    public bool IsDangling => Entries.All(e => e.Reference is null);

    public DateTimeOffset? Created => First.Created;

    public long Size => First.Size;

    /// <summary>Groups index entries by image ID, newest first (the order docker image ls shows).</summary>
    public static IReadOnlyList<StoredImage> Group(IEnumerable<ImageRecord> records) =>
        records.GroupBy(r => r.Config)
            .Select(g => new StoredImage(g.Key, g.ToList()))
            .OrderByDescending(i => i.Created)
            .ThenBy(i => i.Id.ToString(), StringComparer.Ordinal)
            .ToList();
}
