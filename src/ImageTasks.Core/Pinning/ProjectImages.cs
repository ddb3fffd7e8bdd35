using System.Xml;
using System.Xml.Linq;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Pinning;

/// <summary>
/// The base images a project file declares, read without MSBuild (the CLI twins run where no build does): BaseImage
/// items, ContainerBaseImage, and the properties that decide platforms and the lock file. Only literal values are
/// understood; a value built from $(Properties) is reported, not guessed.
/// </summary>
public sealed record ProjectImages(
    string ProjectPath,
    IReadOnlyList<(string Reference, string? Platforms)> BaseImages,
    string LockFilePath,
    string? ImagePlatforms,
    string? RuntimeIdentifier,
    string? RuntimeIdentifiers,
    IReadOnlyList<string> Unresolved)
{
    /// <summary>PROJECT, or DIR holding exactly one project file (as dotnet's own commands find one).</summary>
    public static string FindProject(string? projectOrDirectory)
    {
        var path = Path.GetFullPath(string.IsNullOrEmpty(projectOrDirectory) ? "." : projectOrDirectory);
        if (File.Exists(path))
        {
            return path;
        }

        if (!Directory.Exists(path))
        {
            throw PinningErrors.NoProjectAt(path);
        }

        var projects = Directory.GetFiles(path, "*.*proj");
        return projects.Length switch
        {
            1 => projects[0],
            0 => throw PinningErrors.NoProjectIn(path),
            _ => throw PinningErrors.SeveralProjectsIn(path, projects.Select(p => Path.GetFileName(p))),
        };
    }

    public static ProjectImages Read(string projectPath)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(projectPath);
        }
        catch (XmlException e)
        {
            throw PinningErrors.ProjectUnreadable(projectPath, e);
        }

        var unresolved = new List<string>();
        string? Property(string name)
        {
            var value = document.Descendants().LastOrDefault(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "PropertyGroup")?.Value.Trim();
            if (value is not null && value.Contains("$(", StringComparison.Ordinal))
            {
                unresolved.Add($"{name} = {value}");
                return null;
            }

            return string.IsNullOrEmpty(value) ? null : value;
        }

        var images = new List<(string, string?)>();
        foreach (var item in document.Descendants().Where(e => e.Name.LocalName == "BaseImage" && e.Parent?.Name.LocalName == "ItemGroup"))
        {
            var include = item.Attribute("Include")?.Value.Trim();
            if (string.IsNullOrEmpty(include) || include.Contains("$(", StringComparison.Ordinal))
            {
                unresolved.Add($"BaseImage Include=\"{include}\"");
                continue;
            }

            var platforms = item.Attribute("Platforms")?.Value ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == "Platforms")?.Value;
            images.AddRange(include.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => (r, platforms)));
        }

        if (Property("ContainerBaseImage") is { } containerBase)
        {
            images.Add((containerBase, null));
        }

        var lockFile = Property("ImageLockFile") ?? ImageLockFile.DefaultName;
        return new ProjectImages(
            projectPath,
            images,
            Path.GetFullPath(lockFile, Path.GetDirectoryName(projectPath)!),
            Property("ImagePlatforms"),
            Property("RuntimeIdentifier"),
            Property("RuntimeIdentifiers"),
            unresolved);
    }
}
