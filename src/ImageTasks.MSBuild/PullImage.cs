using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Operations.Pull;
using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>Pulls the pinned images for their platforms (nothing the store holds) and records the project as using them.</summary>
public sealed class PullImage : ImageTask
{
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    public bool Offline { get; set; }

    public string? LockFile { get; set; }

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var images = Images.Select(ImageItems.FromItem).ToList();
        using var registry = OpenRegistry();
        var progress = new LogProgress(this);
        var diagnostics = await new PullPinnedOperation(registry, OpenStore())
            .ExecuteAsync(images, new PullPinnedOptions(ProjectPath, LockFile, Offline), progress, cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics)
        {
            LogDiagnostic(diagnostic);
        }
    }

    /// <summary>Pull events as build messages: one line per image pulled, layer detail at low importance.</summary>
    private sealed class LogProgress(PullImage task) : IProgress<PullEvent>
    {
        public void Report(PullEvent value)
        {
            switch (value)
            {
                case PullFinished f when f.Result.LayersDownloaded == 0:
                    // Another node of a parallel build pulled it first: nothing was downloaded here.
                    task.Log.LogMessage(MessageImportance.High,
                        $"ImageTasks: {f.Result.Reference.ToFamiliarString()} for {f.Result.Platform} is in the store (nothing downloaded, {f.Result.LayersExisting} layers already present)");
                    break;
                case PullFinished f:
                    task.Log.LogMessage(MessageImportance.High,
                        $"ImageTasks: pulled {f.Result.Reference.ToFamiliarString()} for {f.Result.Platform} ({f.Result.LayersDownloaded} layers downloaded, {f.Result.LayersExisting} already present)");
                    break;
                case LayerWaiting w:
                    task.Log.LogMessage(MessageImportance.Normal, $"ImageTasks: layer {w.Layer} is being downloaded by another build: waiting for it");
                    break;
                case LayerComplete c:
                    task.Log.LogMessage(MessageImportance.Low, $"ImageTasks: layer {c.Layer} verified");
                    break;
            }
        }
    }
}
