using NuGet.Versioning;

namespace ImageTasks.Core.Pinning;

/// <summary>How far <c>outdated</c> looks for a newer tag, as <c>dotnet list package --outdated</c> does.</summary>
public enum VersionBump
{
    /// <summary>Same major.minor: 8.0 -> 8.0.11.</summary>
    Patch,

    /// <summary>Same major: 3.19 -> 3.20.</summary>
    Minor,

    /// <summary>Any higher version.</summary>
    Major,
}

/// <summary>
/// Tags read as versions (NuGet.Versioning): <c>3.19</c>, <c>8.0.11</c>, <c>3.19-alpine</c>. A newer tag must keep the
/// pinned tag's suffix (<c>-alpine</c> stays <c>-alpine</c>) and stay within the version line the bump allows.
/// </summary>
public static class TagVersionLine
{
    /// <returns>the newest tag in the line that is higher than <paramref name="tag"/>, or null</returns>
    public static string? Newest(string tag, IEnumerable<string> tags, VersionBump bump)
    {
        if (!NuGetVersion.TryParse(tag, out var pinned))
        {
            return null;
        }

        return tags
            .Select(t => (Tag: t, Version: NuGetVersion.TryParse(t, out var v) ? v : null))
            .Where(t => t.Version is not null && t.Version.Release == pinned.Release && t.Version > pinned
                && bump switch
                {
                    VersionBump.Patch => t.Version.Major == pinned.Major && t.Version.Minor == pinned.Minor,
                    VersionBump.Minor => t.Version.Major == pinned.Major,
                    _ => true,
                })
            .OrderByDescending(t => t.Version)
            .Select(t => t.Tag)
            .FirstOrDefault();
    }
}
