using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>
/// Finds the image a user names, in docker's order: a full ID (<c>sha256:...</c> or 64 hex) is an ID; otherwise the
/// name as a reference (<c>alpine</c> = <c>alpine:latest</c>, <c>repo@sha256:...</c>), and failing that a unique ID prefix.
/// </summary>
public static class ImageLookup
{
    public static StoredImage? Find(IReadOnlyList<StoredImage> images, string name, out ImageReference? byReference)
    {
        byReference = null;
        var hex = name.StartsWith("sha256:", StringComparison.Ordinal) ? name[7..] : name;
        var isHex = hex.Length > 0 && hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
        if (isHex && (hex.Length == 64 || name.StartsWith("sha256:", StringComparison.Ordinal)))
        {
            return ByIdPrefix(images, hex, name);
        }

        if (ImageReference.TryParse(name, out var reference, out _) && reference is not null)
        {
            var wanted = reference.WithDefaultTag();
            if (images.FirstOrDefault(i => i.Entries.Any(e => Names(e, wanted))) is { } named)
            {
                byReference = wanted;
                return named;
            }
        }

        return isHex ? ByIdPrefix(images, hex, name) : null;
    }

    /// <summary>
    /// docker's <c>--platform</c> on inspect, history and rm: the image the name finds when it is of that platform (by
    /// containerd's strict match), else another platform of the same index in the store (an entry of the same repository
    /// pulled through the same repository digest). Null when nothing has the name; refused when nothing of it has that
    /// platform, in docker's words.
    /// </summary>
    public static StoredImage? Find(IReadOnlyList<StoredImage> images, string name, Platform platform, out ImageReference? byReference)
    {
        if (Find(images, name, out byReference) is not { } image)
        {
            return null;
        }

        var matcher = PlatformMatcher.Strict(platform);
        bool IsOfPlatform(StoredImage candidate) => candidate.Entries.Any(e => e.Platform is { } p && matcher.Matches(p.ToPlatform()));
        if (IsOfPlatform(image))
        {
            return image;
        }

        var reference = byReference;
        var named = image.Entries.Where(e => e.RepoDigest is not null && (reference is null || Names(e, reference))).ToList();
        bool IsSibling(ImageRecord e) => named.Any(n => n.Repository == e.Repository && n.RepoDigest == e.RepoDigest);
        return images.FirstOrDefault(i => i.Entries.Any(IsSibling) && IsOfPlatform(i))
            ?? throw ImageErrors.PlatformNotInStore(byReference?.ToFamiliarString() ?? name, matcher.Wanted);
    }

    /// <summary>Does an index entry carry this name: its tag, or its repository with the digest it was pulled by?</summary>
    public static bool Names(ImageRecord entry, ImageReference reference)
    {
        if (reference.Digest is { } digest)
        {
            return entry.Repository == reference.Repository && (entry.RepoDigest == digest || entry.Manifest == digest);
        }

        return entry.Reference == reference;
    }

    private static StoredImage? ByIdPrefix(IReadOnlyList<StoredImage> images, string hex, string name)
    {
        var matches = images.Where(i => i.Id.Hex.StartsWith(hex, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new StoreException($"ambiguous image ID prefix {name}: it matches {matches.Count} images"),
        };
    }
}
