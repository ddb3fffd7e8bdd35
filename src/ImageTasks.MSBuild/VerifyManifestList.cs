using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>Every pinned image serves every platform the project needs; the error lists what is missing and what is there.</summary>
public sealed class VerifyManifestList : ImageTask
{
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        Verify(Images, BuildLog);
        return Task.CompletedTask;
    }

    internal static void Verify(IEnumerable<ITaskItem> images, IBuildLog log)
    {
        foreach (var item in images)
        {
            if (ImageItems.FromItem(item).PlatformCheck() is { } missing)
            {
                log.Diagnostic(missing);
            }
        }
    }
}
