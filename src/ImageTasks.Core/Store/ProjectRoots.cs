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
        var path = Path.Combine(_folder, key + ".json");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(root, StoreJsonContext.Default.ProjectRoot);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return; // every no-op build records the same: no write, no fsync
        }

        writeAtomically(path, bytes);
    }

    /// <summary>
    /// The projects that use an image now. A root whose project file is gone, or whose lock file no longer names the
    /// image, does not count: the project moved on, as a removed container stops holding its image.
    /// </summary>
    public IReadOnlyList<string> ProjectsUsing(Digest imageId) =>
        LiveRoots().Where(r => r.Images.Contains(imageId)).Select(r => r.Project).ToList();

    /// <summary>Every image some project uses now, with those projects (sorted): one read of each root and lock file.</summary>
    public IReadOnlyDictionary<Digest, IReadOnlyList<string>> ProjectsByImage() =>
        LiveRoots()
            .SelectMany(r => r.Images.Select(image => (Image: image, r.Project)))
            .GroupBy(p => p.Image)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Project).Distinct().Order(StringComparer.Ordinal).ToList());

    /// <summary>Each root that still counts, with the images it holds now (see <see cref="ProjectsUsing"/>).</summary>
    private IEnumerable<(string Project, HashSet<Digest> Images)> LiveRoots()
    {
        if (!Directory.Exists(_folder))
        {
            yield break;
        }

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

            if (root is null || !File.Exists(root.ProjectPath))
            {
                continue;
            }

            var lockText = root.LockFilePath is { } lockFile ? (File.Exists(lockFile) ? File.ReadAllText(lockFile) : null) : "";
            var images = new HashSet<Digest>();
            foreach (var image in root.Images)
            {
                if (lockText is not null && (root.LockFilePath is null || NamesAny(lockText, image.Digests)) && Digest.TryParse(image.Id, out var id))
                {
                    images.Add(id);
                }
            }

            yield return (root.ProjectPath, images);
        }
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
