using ImageTasks.Core.Operations.Prune;
using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>Removes dangling images from the store (ImagePruneDangling=true, or the PruneDanglingImages target).</summary>
public sealed class PruneDangling : ImageTask
{
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var result = await new PruneOperation(OpenStore()).ExecuteAsync(new PruneOptions(), cancellationToken).ConfigureAwait(false);
        foreach (var line in result.Lines.Where(l => l.Deleted))
        {
            Log.LogMessage(MessageImportance.Normal, $"ImageTasks: deleted {line.Subject}");
        }

        Log.LogMessage(MessageImportance.High, $"ImageTasks: pruned dangling images, {result.ReclaimedBytes} bytes reclaimed");
    }
}
