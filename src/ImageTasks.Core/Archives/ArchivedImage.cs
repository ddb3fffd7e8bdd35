using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Archives;

/// <summary>An image an archive holds: its manifest (the archive's own, or one built like docker's) and the names it carries.</summary>
/// <param name="ManifestInArchive">whether the manifest came from the archive (then its digest is the image's distribution digest)</param>
internal sealed record ArchivedImage(ManifestDocument Manifest, List<ImageReference> Tags, bool ManifestInArchive)
{
    /// <summary>The image index the archive names this platform through (the digest a lock pins), or null.</summary>
    public ManifestDocument? Index { get; init; }

    public Digest ConfigDigest => Manifest.Manifest!.Config.Digest;

    /// <summary>Adds the tags it does not have yet (an image named by both of an archive's documents).</summary>
    public void AddTags(IEnumerable<ImageReference> tags) => Tags.AddRange(tags.Where(t => !Tags.Contains(t)));
}
