using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>The store's record of which projects use which images: one small JSON file per project.</summary>
internal sealed class ProjectRoots
{
    private readonly string _folder;

    public ProjectRoots(string folder) => _folder = folder;

    public void Set(ProjectRoot root, Action<string, byte[]> writeAtomically)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(root.ProjectPath))))[..32];
        writeAtomically(Path.Combine(_folder, key + ".json"), JsonSerializer.SerializeToUtf8Bytes(root, StoreJsonContext.Default.ProjectRoot));
    }

    /// <summary>
    /// The projects that use an image now. A root whose project file is gone, or whose lock file no longer names the
    /// image, does not count: the project moved on, as a removed container stops holding its image.
    /// </summary>
    public IReadOnlyList<string> ProjectsUsing(Digest imageId)
    {
        if (!Directory.Exists(_folder))
        {
            return [];
        }

        var projects = new List<string>();
        foreach (var file in Directory.EnumerateFiles(_folder, "*.json"))
        {
            ProjectRoot? root;
            try
            {
                root = JsonSerializer.Deserialize(File.ReadAllBytes(file), StoreJsonContext.Default.ProjectRoot);
            }
            catch (JsonException)
            {
                continue; // a damaged root protects nothing; it must not block rm or prune either
            }

            var image = root?.Images.FirstOrDefault(i => i.Id == imageId.ToString());
            if (root is null || image is null || !File.Exists(root.ProjectPath))
            {
                continue;
            }

            if (root.LockFilePath is { } lockFile && (!File.Exists(lockFile) || !NamesAny(File.ReadAllText(lockFile), image.Digests)))
            {
                continue;
            }

            projects.Add(root.ProjectPath);
        }

        return projects;
    }

    /// <summary>Every root file, with why it protects nothing any more (null: it still counts).</summary>
    public IEnumerable<(string File, string? Problem)> Check()
    {
        if (!Directory.Exists(_folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(_folder))
        {
            yield return (file, ProblemOf(file));
        }
    }

    private static string? ProblemOf(string file)
    {
        ProjectRoot? root;
        try
        {
            root = JsonSerializer.Deserialize(File.ReadAllBytes(file), StoreJsonContext.Default.ProjectRoot);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return $"damaged: {e.Message}";
        }

        if (root?.ProjectPath is not { Length: > 0 } project)
        {
            return "damaged: it names no project";
        }

        if (!File.Exists(project))
        {
            return $"its project {project} is gone";
        }

        return root.LockFilePath is { } lockFile && !File.Exists(lockFile) ? $"its lock file {lockFile} is gone" : null;
    }

    private static bool NamesAny(string lockText, IEnumerable<string> digests) =>
        digests.Any(d => lockText.Contains(d, StringComparison.Ordinal));
}
