using ImageTasks.Core.Operations.Lock;
using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>
/// Starts what ResolveDigest, VerifyManifestList and PullImage do, in that order, on a thread of its own, and returns at
/// once: the build goes on with its own work (references, the compiler's up-to-date check, copies) while the tags are
/// checked and missing images pulled, and <see cref="CompleteBaseImages"/> waits for the result where it is needed. The
/// same parameters as ResolveDigest, plus PullImage's.
/// </summary>
public sealed class BeginBaseImages : ResolveDigest
{
    /// <summary>The key <see cref="CompleteBaseImages"/> takes to find this job.</summary>
    [Output]
    public string Job { get; private set; } = "";

    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var engine = (IBuildEngine4)BuildEngine;
        var global = GlobalContainerBaseImage();
        var job = new BaseImagesJob((log, cancel) => RunAsync(log, global, cancel));
        Job = BaseImagesJob.NewKey();
        engine.RegisterTaskObject(Job, job, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        return Task.CompletedTask;
    }

    private async Task<ITaskItem[]> RunAsync(IBuildLog log, string? global, CancellationToken cancellationToken)
    {
        var images = await ResolveAsync(log, global, cancellationToken).ConfigureAwait(false);
        if (!log.HasErrors)
        {
            VerifyManifestList.Verify(images, log);
        }

        if (!log.HasErrors && images.Length > 0)
        {
            await PullImage.PullAsync(this, images, new PullPinnedOptions(ProjectPath, LockFile, Offline), log, cancellationToken).ConfigureAwait(false);
        }

        return images;
    }
}
