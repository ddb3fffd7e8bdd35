using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>Every pinned image serves every platform the project needs; the error lists what is missing and what is there.</summary>
public sealed class VerifyManifestList : ImageTask
{
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        foreach (var item in Images)
        {
            if (ImageItems.FromItem(item).PlatformCheck() is { } missing)
            {
                LogDiagnostic(missing);
            }
        }

        return Task.CompletedTask;
    }
}
