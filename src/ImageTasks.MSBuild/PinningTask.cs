using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Pinning;
using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>What pinning takes (ResolveDigest's parameters, which <see cref="BeginBaseImages"/> takes too), and the pinning itself.</summary>
public abstract class PinningTask : ImageTask
{
    /// <summary>The references (BaseImage items, ContainerBaseImage); metadata Platforms = "linux/amd64;linux/arm64".</summary>
    [Required]
    public ITaskItem[] BaseImages { get; set; } = [];

    [Required]
    public string LockFile { get; set; } = "";

    public string? ImagePlatforms { get; set; }

    public string? RuntimeIdentifier { get; set; }

    public string? RuntimeIdentifiers { get; set; }

    public bool LockedMode { get; set; }

    /// <summary>Error (default), Warning or None.</summary>
    public string? TagMutation { get; set; }

    public bool TagCheck { get; set; } = true;

    public bool Offline { get; set; }

    public bool LockUpdate { get; set; }

    /// <summary>
    /// The pinning itself, reporting to <paramref name="log"/>: in this task, or on a thread of its own
    /// (<see cref="BeginBaseImages"/>). What comes from the build engine or the environment (the items, the settings,
    /// the global properties) is read by the caller on the task's own thread.
    /// </summary>
    /// <param name="baseImages">the BaseImages items, or copies of them</param>
    /// <param name="globalContainerBaseImage">a ContainerBaseImage given with -p:, if any</param>
    internal async Task<ITaskItem[]> ResolveAsync(IReadOnlyList<ITaskItem> baseImages, ImageTaskSettings settings, IBuildLog log, string? globalContainerBaseImage, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<TagMutationPolicy>(string.IsNullOrWhiteSpace(TagMutation) ? "Error" : TagMutation, ignoreCase: true, out var policy))
        {
            log.Diagnostic(PinDiagnostic.From(PinningErrors.InvalidSetting("ImageTagMutation", TagMutation ?? "", Enum.GetNames<TagMutationPolicy>())));
            return [];
        }

        // The same model the CLI builds from CollectBaseImages' items, so both ask for the same platforms.
        var project = new ProjectImages(ProjectPath ?? "", LockFile, [])
        {
            ImagePlatforms = ImagePlatforms,
            RuntimeIdentifier = RuntimeIdentifier,
            RuntimeIdentifiers = RuntimeIdentifiers,
        };
        var requests = new List<(ITaskItem Item, BaseImageRequest Request)>();
        foreach (var item in baseImages)
        {
            try
            {
                requests.Add((item, project.Request(ImageItems.ToDeclared(item))));
            }
            catch (Core.ImageTasksException e)
            {
                log.Diagnostic(PinDiagnostic.From(PinningErrors.InvalidReference(item.ItemSpec, e)));
            }
        }

        if (log.HasErrors)
        {
            return []; // the build fails: it must not write the lock (nor drop the entry of the item it could not read)
        }

        // ImageLockUpdate also drops what this project no longer uses, when the lock is its own: a shared lock's other
        // entries belong to projects this build cannot see.
        var dropUnused = LockUpdate && !string.IsNullOrEmpty(ProjectPath) && LockOwnership.IsProjectsOwn(LockFile, ProjectPath);
        var options = new LockOptions(LockFile)
        {
            LockedMode = LockedMode, Mutation = policy, TagCheck = TagCheck, Offline = Offline, Update = LockUpdate, DropUnused = dropUnused,
            ResolvedTime = PinTime.FromEnvironment(Environment.GetEnvironmentVariable),
        };
        using var registry = settings.OpenRegistry();
        var result = await new LockOperation(registry, settings.OpenStore()).ExecuteAsync(requests.Select(r => r.Request).ToList(), options, cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in result.Diagnostics)
        {
            log.Diagnostic(diagnostic);
        }

        if (result.LockWritten)
        {
            log.Message(MessageImportance.High, $"ImageTasks: wrote {LockFile}");
        }

        ReportGlobalContainerBaseImage(log, globalContainerBaseImage, result.Images);
        foreach (var image in result.Images)
        {
            log.Message(MessageImportance.Normal, $"ImageTasks: {image.Reference.ToFamiliarString()} is pinned to {image.Digest}");
        }

        return result.Images
            .Select(image => ImageItems.ToItem(image, requests.First(r => Matches(r.Request, image)).Item))
            .ToArray();
    }

    /// <summary>A ContainerBaseImage given with -p:, if any (global properties: asked on the task's own thread).</summary>
    internal string? GlobalContainerBaseImage() =>
        (BuildEngine as IBuildEngine6)?.GetGlobalProperties()
            .FirstOrDefault(p => string.Equals(p.Key, "ContainerBaseImage", StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// A ContainerBaseImage given with -p: is a global property: the target cannot replace it with the pinned form, so
    /// the SDK would publish on whatever the tag points to then. Never silently: an error in locked mode, else a warning.
    /// </summary>
    private void ReportGlobalContainerBaseImage(IBuildLog log, string? global, IReadOnlyList<PinnedImage> pinned)
    {
        if (string.IsNullOrWhiteSpace(global)
            || !Core.References.ImageReference.TryParse(global, out var reference, out _) || reference!.Digest is not null)
        {
            return;
        }

        var image = pinned.FirstOrDefault(i => i.Reference == reference.WithDefaultTag());
        log.Diagnostic(PinDiagnostic.From(EvaluationErrors.UnpinnedGlobalBaseImage(global, image?.Pinned.ToString()), isError: LockedMode));
    }

    private static bool Matches(BaseImageRequest request, PinnedImage image) =>
        Core.References.ImageReference.TryParse(request.Reference, out var reference, out _) && reference!.WithDefaultTag() == image.Reference;
}
