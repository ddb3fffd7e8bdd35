using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Pull;

/// <summary>What to pull. Built by the faces from flags or items; checked here, once.</summary>
public sealed record PullOptions
{
    public PullOptions(ImageReference reference, Platform? platform = null, bool allTags = false)
    {
        if (allTags && (reference.Tag is not null || reference.Digest is not null))
        {
            throw UsageErrors.TagWithAllTags(reference.ToFamiliarString());
        }

        Reference = allTags ? reference : reference.WithDefaultTag();
        Platform = platform;
        AllTags = allTags;
    }

    public ImageReference Reference { get; }

    /// <summary>The platform asked for; null means the host's (and no complaint if a single-platform image differs).</summary>
    public Platform? Platform { get; }

    public bool AllTags { get; }

    /// <summary>Layers downloaded at once (Docker's max-concurrent-downloads default is 3).</summary>
    public int MaxConcurrentDownloads { get; init; } = 3;
}
