using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Pinning;
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
            var image = ImageItems.FromItem(item);
            if (image.MissingPlatforms.Count > 0)
            {
                var kind = image.AvailablePlatforms.Count > 1 || Core.Manifests.MediaTypes.IsIndex(image.MediaType) ? "manifest list" : "single-platform image";
                LogDiagnostic(new PinDiagnostic(true, PinningCodes.PlatformMissing,
                    $"{image.Pinned.ToFamiliarString()} has no manifest for {string.Join(", ", image.MissingPlatforms)}. "
                    + $"Its {kind} offers: {string.Join(", ", image.AvailablePlatforms)}. Change the RuntimeIdentifier, ImagePlatforms or the BaseImage's Platforms, or choose another image."));
            }
        }

        return Task.CompletedTask;
    }
}
