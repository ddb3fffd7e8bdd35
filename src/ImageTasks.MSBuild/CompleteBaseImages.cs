using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>
/// Waits for the job <see cref="BeginBaseImages"/> started, logs what it said (errors fail the build here, as they would
/// have in ResolveDigest, VerifyManifestList or PullImage) and returns the pinned images as ResolveDigest does.
/// </summary>
public sealed class CompleteBaseImages : ImageTask
{
    [Required]
    public string Job { get; set; } = "";

    /// <summary>As ResolveDigest's ResolvedImages; empty when the job failed.</summary>
    [Output]
    public ITaskItem[] ResolvedImages { get; private set; } = [];

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var engine = (IBuildEngine4)BuildEngine;
        if (engine.UnregisterTaskObject(Job, RegisteredTaskObjectLifetime.Build) is not BaseImagesJob job)
        {
            throw new InvalidOperationException($"no ImageTasks job '{Job}' in this build");
        }

        using (job)
        {
            try
            {
                var images = await job.WaitAsync(cancellationToken).ConfigureAwait(false);
                job.Log.ReplayTo(BuildLog);
                ResolvedImages = Log.HasLoggedErrors ? [] : images;
            }
            catch
            {
                job.Log.ReplayTo(BuildLog); // what it said before it failed, then the failure itself (ImageTask.Execute)
                throw;
            }
        }
    }
}
