using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Archives;

/// <summary>
/// Entry names as one canonical path inside the archive (<c>./a//b/</c> is <c>a/b</c>). A name that is absolute or
/// climbs out with <c>..</c> is refused: nothing an archive names may point outside it.
/// </summary>
internal static class ArchivePath
{
    public static string Normalize(string name)
    {
        if (name.StartsWith('/') || name.Contains('\0', StringComparison.Ordinal))
        {
            throw ArchiveErrors.UnsafePath(name);
        }

        return Resolve([], name) ?? throw ArchiveErrors.UnsafePath(name);
    }

    /// <summary>
    /// Where a link points, as an archive path: a symbolic link relative to its own folder, a hard link from the archive's
    /// root. Null when it is absolute or leaves the archive.
    /// </summary>
    public static string? LinkTarget(string linkPath, string target, bool symbolic)
    {
        if (target.StartsWith('/') || target.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var folder = symbolic ? linkPath.Split('/')[..^1] : [];
        return Resolve(folder, target);
    }

    private static string? Resolve(string[] start, string relative)
    {
        var parts = new List<string>(start);
        foreach (var segment in relative.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }

                    parts.RemoveAt(parts.Count - 1);
                    break;
                default:
                    parts.Add(segment);
                    break;
            }
        }

        return string.Join('/', parts);
    }
}
