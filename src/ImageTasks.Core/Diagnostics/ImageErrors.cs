using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// An image that exists but does not serve the platform asked for (IMG2009), in docker pull's words; and the lines docker
/// prints for an image that is not in the store.
/// </summary>
public static class ImageErrors
{
    /// <summary>docker's wording when no index entry matches; <paramref name="available"/> lists what the index has.</summary>
    public static Manifests.ManifestException NoMatchingManifest(Platform wanted, ImageReference reference, IEnumerable<Platform> available)
    {
        var offered = string.Join(", ", available.Select(p => p.ToString()).Distinct());
        return new(DiagnosticCodes.PlatformNotFound,
            $"no matching manifest for {wanted.ToFullString()} in the manifest list entries of {reference.ToFamiliarString()} (available: {(offered.Length == 0 ? "none" : offered)})");
    }

    /// <summary>docker's wording when a single-platform image is not runnable on the platform asked for.</summary>
    public static Manifests.ManifestException PlatformMismatch(ImageReference reference, Platform asked, Platform actual) => new(DiagnosticCodes.PlatformNotFound,
        $"image with reference {reference.ToFamiliarString()} was found but does not match the specified platform: wanted {asked}, actual: {actual}");

    /// <summary>docker 28's <c>image inspect</c> line for a name the store lacks (the daemon's not-found error, unwrapped).</summary>
    public static string InspectNotFound(string name) => $"no such image: {name}: No such image: {name}";

    /// <summary>
    /// docker 28's words (its containerd image store) when <c>--platform</c> names a platform the store does not hold for
    /// an image it does hold.
    /// </summary>
    public static Manifests.ManifestException PlatformNotInStore(string name, Platform wanted) => new(DiagnosticCodes.PlatformNotFound,
        $"image with reference {name} was found but does not provide the specified platform ({wanted})");
}
