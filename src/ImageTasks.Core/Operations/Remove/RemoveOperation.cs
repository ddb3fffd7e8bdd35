using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Remove;

/// <param name="Force">remove an image referenced in several repositories, or used by a project</param>
/// <param name="NoPrune">accepted for docker compatibility: docker keeps untagged parent images; a pulled image has none</param>
/// <param name="Platform">docker's --platform: remove only that platform of each named image (null: what the name finds)</param>
public sealed record RemoveOptions(IReadOnlyList<string> Names, bool Force = false, bool NoPrune = false, Platforms.Platform? Platform = null);

/// <summary>What happened to one name: its lines, or the error that stopped it (the others still go ahead, as in docker).</summary>
public sealed record RemoveOutcome(string Name, IReadOnlyList<RemovalLine> Lines, ImageTasksException? Error);

/// <summary>
/// <c>rm</c>: untag before delete, as docker does. A name removes that tag (and the repository's digests when it was
/// the last tag of that repository); the image is deleted once nothing names it. An ID removes every name when they are
/// all one repository's, else needs <c>-f</c>. An image a project uses needs <c>-f</c> too.
/// </summary>
public sealed class RemoveOperation
{
    private readonly ImageStore _store;

    public RemoveOperation(ImageStore store) => _store = store;

    public async Task<IReadOnlyList<RemoveOutcome>> ExecuteAsync(RemoveOptions options, CancellationToken cancellationToken)
    {
        var outcomes = new List<RemoveOutcome>();
        foreach (var name in options.Names)
        {
            try
            {
                var lines = await _store.UpdateIndexAsync(entries => RemoveOne(entries, name, options.Force, options.Platform), cancellationToken).ConfigureAwait(false);
                outcomes.Add(new RemoveOutcome(name, lines, null));
            }
            catch (ImageTasksException e) when (e is ImageNotFoundException or ImageConflictException or Manifests.ManifestException)
            {
                outcomes.Add(new RemoveOutcome(name, [], e));
            }
        }

        return outcomes;
    }

    private List<RemovalLine> RemoveOne(List<ImageRecord> entries, string name, bool force, Platforms.Platform? platform)
    {
        var images = StoredImage.Group(entries);
        var image = ImageLookup.Find(images, name, out var byReference) ?? throw new ImageNotFoundException(name);
        if (platform is not null && ImageLookup.Find(images, name, platform, out _) is { } ofPlatform && ofPlatform.Id != image.Id)
        {
            // Another platform of the named image, held untagged beside it: it goes, the name stays with what it names,
            // so no Untagged line (the repository digest still names the image the tag is on).
            return [.. RemoveById(entries, ofPlatform, force).Where(l => l.Deleted)];
        }

        if (byReference is null)
        {
            return RemoveById(entries, image, force);
        }

        var projects = _store.ProjectsUsing(image.Id);
        if (projects.Count > 0 && !force)
        {
            throw new ImageConflictException($"conflict: unable to remove repository reference \"{name}\" (must force) - image is used by project {projects[0]}");
        }

        var lines = ImageDeletion.Untag(entries, image, byReference).ToList();
        if (!entries.Any(e => e.Config == image.Id))
        {
            lines.AddRange(ImageDeletion.Delete(entries, image, _store));
        }

        return lines;
    }

    /// <summary>An image named by its ID: every name it has goes, then the image.</summary>
    private List<RemovalLine> RemoveById(List<ImageRecord> entries, StoredImage image, bool force)
    {
        var projects = _store.ProjectsUsing(image.Id);
        if (projects.Count > 0 && !force)
        {
            throw new ImageConflictException($"conflict: unable to delete {image.Id.ShortId} (must be forced) - image is used by project {projects[0]}");
        }

        if (!IsSingleReference(image) && !force)
        {
            throw new ImageConflictException($"conflict: unable to delete {image.Id.ShortId} (must be forced) - image is referenced in multiple repositories");
        }

        var lines = ImageDeletion.UntagAll(entries, image).ToList();
        lines.AddRange(ImageDeletion.Delete(entries, image, _store));
        return lines;
    }

    /// <summary>Docker's test: at most one tag, and every repository digest in that tag's repository.</summary>
    private static bool IsSingleReference(StoredImage image)
    {
        var tags = image.RepoTags;
        var digestRepositories = image.RepoDigests.Select(d => d.Repository).Distinct().ToList();
        if (tags.Count > 1)
        {
            return false;
        }

        if (tags.Count == 0)
        {
            return digestRepositories.Count <= 1;
        }

        return digestRepositories.All(r => r == tags[0].Repository);
    }
}
