using System.Text.RegularExpressions;

namespace ImageTasks.Core.Pinning;

/// <summary>A reference found in a file: where, what, and whether it can be pinned (or why not).</summary>
public sealed record FoundReference(int Line, string Reference, string? Skipped);

/// <summary>
/// Finds the image references of a Dockerfile (<c>FROM</c> lines) or a project file (<c>ContainerBaseImage</c>,
/// <c>BaseImage Include</c>) and rewrites them to <c>tag@digest</c>, touching nothing else in the text. Left alone,
/// with the reason: build-argument names (<c>$BASE</c>), earlier stage names, <c>scratch</c>, already pinned references.
/// </summary>
public static partial class ReferenceRewriter
{
    [GeneratedRegex(@"^(?<lead>\s*FROM\s+(?:--\S+\s+)*)(?<image>\S+)(?<rest>(?:\s+AS\s+(?<stage>\S+))?\s*)$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"(?<lead><ContainerBaseImage>\s*)(?<image>[^<\s]+)(?<rest>\s*</ContainerBaseImage>)")]
    private static partial Regex ContainerBaseImage();

    [GeneratedRegex(@"(?<lead><BaseImage\s+(?:[^>]*?\s)?Include="")(?<image>[^""]+)(?<rest>"")")]
    private static partial Regex BaseImageItem();

    public static bool IsDockerfile(string path) =>
        Path.GetFileName(path).StartsWith("Dockerfile", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".dockerfile", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<FoundReference> Find(string path, string text) => Scan(path, text, null).Found;

    /// <param name="pins">reference as written -> its pinned form</param>
    public static string Rewrite(string path, string text, IReadOnlyDictionary<string, string> pins) => Scan(path, text, pins).Text;

    private static (List<FoundReference> Found, string Text) Scan(string path, string text, IReadOnlyDictionary<string, string>? pins)
    {
        var found = new List<FoundReference>();
        var lines = text.Split('\n');
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var dockerfile = IsDockerfile(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var patterns = dockerfile ? [FromLine()] : new[] { ContainerBaseImage(), BaseImageItem() };
            foreach (var pattern in patterns)
            {
                lines[i] = line = pattern.Replace(line, match =>
                {
                    var image = match.Groups["image"].Value;
                    var skipped = image.Contains('$', StringComparison.Ordinal) ? "it is built from a build argument or property"
                        : image.Equals("scratch", StringComparison.OrdinalIgnoreCase) ? "scratch is not an image"
                        : stages.Contains(image) ? "it names an earlier build stage"
                        : image.Contains('@', StringComparison.Ordinal) ? "it is already pinned"
                        : null;
                    if (match.Groups["stage"].Success)
                    {
                        stages.Add(match.Groups["stage"].Value);
                    }

                    found.Add(new FoundReference(i + 1, image, skipped));
                    return skipped is null && pins is not null && pins.TryGetValue(image, out var pinned)
                        ? match.Groups["lead"].Value + pinned + match.Groups["rest"].Value
                        : match.Value;
                });
            }
        }

        return (found, string.Join('\n', lines));
    }
}
