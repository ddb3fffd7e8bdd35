using ImageTasks.Core.Operations.Lock;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace ImageTasks.MSBuild;

/// <summary>
/// Starts what ResolveDigest, VerifyManifestList and PullImage do, in that order, on a thread of its own, and returns at
/// once: the build goes on with its own work (references, the compiler's up-to-date check, copies) while the tags are
/// checked and missing images pulled, and <see cref="CompleteBaseImages"/> waits for the result where it is needed. The
/// same parameters as ResolveDigest.
/// </summary>
public sealed class BeginBaseImages : PinningTask
{
    /// <summary>The key <see cref="CompleteBaseImages"/> takes to find this job.</summary>
    [Output]
    public string Job { get; private set; } = "";

    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        // Everything the engine or the environment holds is read here, on the task's thread: copies of the items (the
        // engine's own may change under a later target), the settings, the global properties.
        var items = BaseImages.Select(item => (ITaskItem)new TaskItem(item)).ToArray();
        var settings = ReadSettings();
        var global = GlobalContainerBaseImage();
        var pull = new PullPinnedOptions(ProjectPath, LockFile, Offline);
        var job = new BaseImagesJob((log, cancel) => RunAsync(items, settings, pull, global, log, cancel));
        Job = BaseImagesJob.NewKey();
        ((IBuildEngine4)BuildEngine).RegisterTaskObject(Job, job, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        return Task.CompletedTask;
    }

    private async Task<ITaskItem[]> RunAsync(ITaskItem[] items, ImageTaskSettings settings, PullPinnedOptions pull, string? global, IBuildLog log, CancellationToken cancellationToken)
    {
        var images = await ResolveAsync(items, settings, log, global, cancellationToken).ConfigureAwait(false);
        if (!log.HasErrors)
        {
            VerifyManifestList.Verify(images, log);
        }

        if (!log.HasErrors && images.Length > 0)
        {
            await PullImage.PullAsync(settings, images, pull, log, cancellationToken).ConfigureAwait(false);
        }

        return images;
    }
}
