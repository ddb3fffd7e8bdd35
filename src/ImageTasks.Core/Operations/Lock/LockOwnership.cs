using ImageTasks.Core.Pinning;

namespace ImageTasks.Core.Operations.Lock;

/// <summary>
/// Whether a lock file belongs to one project alone, so that one build of it may drop the entries it no longer uses.
/// A lock shared by several projects (ImageLockFile set in Directory.Build.props) is not: one project's build cannot
/// know what the others use, so it never drops entries there; <c>dotnet image lock</c> over all of them can.
/// </summary>
public static class LockOwnership
{
    /// <summary>
    /// The default lock (images.lock.json beside the project) of the only project file in its folder: no other
    /// project can be using it without naming it on purpose.
    /// </summary>
    public static bool IsProjectsOwn(string lockFilePath, string projectPath)
    {
        ArgumentNullException.ThrowIfNull(lockFilePath);
        ArgumentNullException.ThrowIfNull(projectPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(projectPath));
        if (folder is null
            || !string.Equals(Path.GetFullPath(lockFilePath), Path.Combine(folder, ImageLockFile.DefaultName), StringComparison.Ordinal)
            || !Directory.Exists(folder))
        {
            return false;
        }

        return Directory.EnumerateFiles(folder, "*.*proj").Take(2).Count() == 1;
    }
}
