using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>
/// References -> pinned digests, against images.lock.json: first resolution writes the lock; later builds check each
/// pinned tag with one HEAD request and report a mutated tag (IMG1001) as ImageTagMutation says.
/// </summary>
public sealed class ResolveDigest : PinningTask
{
    /// <summary>Each reference with metadata Digest, MediaType, PinnedReference, Platforms, PlatformDigests, MissingPlatforms, AvailablePlatforms.</summary>
    [Output]
    public ITaskItem[] ResolvedImages { get; set; } = [];

    protected override async Task ExecuteAsync(CancellationToken cancellationToken) =>
        ResolvedImages = await ResolveAsync(BaseImages, ReadSettings(), BuildLog, GlobalContainerBaseImage(), cancellationToken).ConfigureAwait(false);
}
