using ImageTasks.Core.Platforms;

namespace ImageTasks.Core.Operations.Lock;

/// <summary>Which platforms a base image must serve: its Platforms metadata, else ImagePlatforms, else the project's RuntimeIdentifier(s), else the host's.</summary>
public static class PlatformDefaults
{
    public static IReadOnlyList<Platform> Resolve(string? itemPlatforms, string? imagePlatforms, string? runtimeIdentifier, string? runtimeIdentifiers)
    {
        foreach (var list in new[] { itemPlatforms, imagePlatforms })
        {
            var parsed = Split(list).Select(Platform.Parse).Distinct().ToList();
            if (parsed.Count > 0)
            {
                return parsed;
            }
        }

        var rids = Split(runtimeIdentifier).Concat(Split(runtimeIdentifiers)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (rids.Count > 0)
        {
            return rids.Select(rid => RuntimeIdentifiers.ToPlatform(rid)
                    ?? throw new PlatformFormatException(rid, $"runtime identifier {rid} has no container platform; set ImagePlatforms or the BaseImage's Platforms metadata"))
                .Distinct().ToList();
        }

        return [Platform.Host];
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
