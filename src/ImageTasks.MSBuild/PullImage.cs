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

    protected override Task ExecuteAsync(CancellationToken cancellationToken) =>
        PullAsync(ReadSettings(), Images, new PullPinnedOptions(ProjectPath, LockFile, Offline), BuildLog, cancellationToken);

    /// <param name="settings">the store and registry settings of this task, or of <see cref="BeginBaseImages"/></param>
    internal static async Task PullAsync(ImageTaskSettings settings, IEnumerable<ITaskItem> items, PullPinnedOptions options, IBuildLog log, CancellationToken cancellationToken)
    {
        var images = items.Select(ImageItems.FromItem).ToList();
        using var registry = settings.OpenRegistry();
        var diagnostics = await new PullPinnedOperation(registry, settings.OpenStore())
            .ExecuteAsync(images, options, new LogProgress(log), cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics)
        {
            log.Diagnostic(diagnostic);
        }
    }

    /// <summary>Pull events as build messages: one line per image pulled, layer detail at low importance.</summary>
    private sealed class LogProgress(IBuildLog log) : IProgress<PullEvent>
    {
        public void Report(PullEvent value)
        {
            switch (value)
            {
                case PullFinished f when f.Result.LayersDownloaded == 0:
                    // Another node of a parallel build pulled it first: nothing was downloaded here.
                    log.Message(MessageImportance.High,
                        $"ImageTasks: {f.Result.Reference.ToFamiliarString()} for {f.Result.Platform} is in the store (nothing downloaded, {f.Result.LayersExisting} layers already present)");
                    break;
                case PullFinished f:
                    log.Message(MessageImportance.High,
                        $"ImageTasks: pulled {f.Result.Reference.ToFamiliarString()} for {f.Result.Platform} ({f.Result.LayersDownloaded} layers downloaded, {f.Result.LayersExisting} already present)");
                    break;
                case LayerWaiting w:
                    log.Message(MessageImportance.Normal, $"ImageTasks: layer {w.Layer} is being downloaded by another build: waiting for it");
                    break;
                case LayerComplete c:
                    log.Message(MessageImportance.Low, $"ImageTasks: layer {c.Layer} verified");
                    break;
            }
        }
    }
}
