using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Resolution;

/// <summary>
/// What a reference resolves to, for the platforms asked: the manifest or index it points to, what the image offers,
/// and for each wanted platform the manifest that serves it or "missing". Policies (pull, lock, digest, the build) decide
/// what a missing platform means; the resolution only tells.
/// </summary>
/// <param name="Reference">the reference as resolved (with its default tag)</param>
/// <param name="Top">the manifest or index the reference points to, as received</param>
/// <param name="Offered">the platforms the image offers: an index's entries, or a single image's own (from its config)</param>
/// <param name="Chosen">each wanted platform the image serves, with the digest of the manifest that serves it</param>
/// <param name="Missing">wanted platforms the image does not serve</param>
/// <param name="Single">the image itself when <paramref name="Top"/> is a single manifest (its config already read)</param>
public sealed record ImageResolution(
    ImageReference Reference,
    ManifestDocument Top,
    IReadOnlyList<Platform> Offered,
    IReadOnlyDictionary<Platform, Digest> Chosen,
    IReadOnlyList<Platform> Missing,
    SourceImage? Single)
{
    public Digest Digest => Top.Digest;

    public bool IsIndex => Top.IsIndex;

    /// <summary>The manifest serving <paramref name="platform"/>, or Docker's error naming what the image has.</summary>
    public Digest Require(Platform platform)
    {
        platform = platform.Normalize();
        if (Chosen.TryGetValue(platform, out var digest))
        {
            return digest;
        }

        if (Top.Index is { } index)
        {
            return PlatformSelection.SelectFromIndex(index, platform, Reference).Digest; // throws docker's wording
        }

        PlatformSelection.EnsureMatches(Reference, platform, Offered[0]);
        return Top.Digest;
    }
}
