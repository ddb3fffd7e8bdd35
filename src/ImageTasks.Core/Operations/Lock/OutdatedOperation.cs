using ImageTasks.Core.Pinning;
using ImageTasks.Core.References;
using ImageTasks.Core.Images;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Resolution;

namespace ImageTasks.Core.Operations.Lock;

/// <param name="Current">what the tag points to now (differs from <paramref name="Pinned"/> when the tag moved)</param>
/// <param name="NewerTag">the newest tag in the same version line, when there is one</param>
public sealed record OutdatedImage(ImageReference Reference, Digest Pinned, Digest Current, string? NewerTag)
{
    public bool TagMoved => Current != Pinned;
}

/// <summary>
/// <c>outdated</c>: for each pinned tag of a lock, whether the tag has moved (one HEAD) and which newer tag exists in its
/// version line (the repository's tag list read with NuGet.Versioning).
/// </summary>
public sealed class OutdatedOperation
{
    private readonly RegistryClient _registry;

    public OutdatedOperation(RegistryClient registry) => _registry = registry;

    public async Task<IReadOnlyList<OutdatedImage>> ExecuteAsync(ImageLock imageLock, VersionBump bump, CancellationToken cancellationToken)
    {
        var checks = imageLock.Images
            .Select(entry => (Reference: ImageReference.Parse(entry.Key), Pinned: Digest.Parse(entry.Value.Digest)))
            .Where(e => e.Reference.Tag is not null)
            .Select(async e =>
            {
                var repository = e.Reference.Repository;
                var head = await new ImageResolver(new MirroredRegistrySource(_registry)).CurrentAsync(e.Reference, cancellationToken).ConfigureAwait(false);
                var tags = await _registry.ListTagsAsync(repository, cancellationToken).ConfigureAwait(false);
                return new OutdatedImage(e.Reference, e.Pinned, head.Digest, TagVersionLine.Newest(e.Reference.Tag!, tags, bump));
            });
        return await Task.WhenAll(checks).ConfigureAwait(false);
    }
}
