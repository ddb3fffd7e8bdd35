using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Cli.Commands;

/// <summary>One line of <c>ls</c>: a repository and tag (or <c>&lt;none&gt;</c>) for an image.</summary>
internal sealed record ImageRow(string Repository, string Tag, Digest Id, DateTimeOffset? Created, long Size);

internal static class ImageRows
{
    /// <summary>
    /// Tagged entries show their familiar repository and tag; untagged ones keep the repository Docker still shows
    /// (<c>repo &lt;none&gt;</c>). Newest first, as docker image ls orders them.
    /// </summary>
    public static IReadOnlyList<ImageRow> From(IEnumerable<ImageRecord> records) =>
        records
            .Select(r => new ImageRow(
                r.Reference?.FamiliarRepository ?? r.Repository.FamiliarRepository,
                r.Reference?.Tag ?? "<none>",
                r.Config,
                r.Created,
                r.Size))
            .Distinct()
            .OrderByDescending(r => r.Created)
            .ThenBy(r => r.Repository, StringComparer.Ordinal)
            .ThenBy(r => r.Tag, StringComparer.Ordinal)
            .ToList();
}
