using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Resolution;

/// <summary>
/// The platform rules every operation shares (pull, resolve): which index entry serves a platform, and whether a
/// single-platform image is the one asked for. One place, so pull and the build agree on what "linux/arm64" picks.
/// </summary>
public static class PlatformSelection
{
    /// <summary>The image manifests of an index that name a platform, in index order.</summary>
    public static IReadOnlyList<Descriptor> Candidates(ImageIndex index) =>
        index.Manifests.Where(m => m.Platform is not null && MediaTypes.IsImageManifest(m.MediaType)).ToList();

    /// <summary>The best entry for <paramref name="wanted"/> among the candidates (containerd's ranking), or null.</summary>
    public static Descriptor? Best(IReadOnlyList<Descriptor> candidates, Platform wanted) =>
        new PlatformMatcher(wanted).SelectBest(candidates, m => m.Platform!.ToPlatform());

    /// <summary>The best entry for <paramref name="wanted"/>; the error lists what the index has.</summary>
    public static Descriptor SelectFromIndex(ImageIndex index, Platform wanted, ImageReference reference)
    {
        var candidates = Candidates(index);
        return Best(candidates, wanted)
            ?? throw ImageErrors.NoMatchingManifest(wanted, reference, candidates.Select(c => c.Platform!.ToPlatform()));
    }

    /// <summary>A single-platform image must be runnable on the platform asked for: docker pull's rule and wording.</summary>
    public static void EnsureMatches(ImageReference reference, Platform asked, Platform actual)
    {
        if (!new PlatformMatcher(asked).Matches(actual))
        {
            throw ImageErrors.PlatformMismatch(reference, asked, actual);
        }
    }
}
