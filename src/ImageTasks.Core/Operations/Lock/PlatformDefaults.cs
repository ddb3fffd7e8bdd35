using ImageTasks.Core.Platforms;

namespace ImageTasks.Core.Operations.Lock;

/// <summary>
/// Which platforms a base image must serve: its Platforms metadata, else its own RuntimeIdentifiers (the SDK's container
/// runtime identifiers for the image it infers), else ImagePlatforms, else the project's RuntimeIdentifier(s), else the host's.
/// </summary>
public static class PlatformDefaults
{
    public static IReadOnlyList<Platform> Resolve(string? itemPlatforms, string? itemRuntimeIdentifiers, string? imagePlatforms, string? runtimeIdentifier, string? runtimeIdentifiers)
    {
        if (Parse(itemPlatforms) is { Count: > 0 } platforms)
        {
            return platforms;
        }

        if (FromRuntimeIdentifiers(Split(itemRuntimeIdentifiers)) is { Count: > 0 } itemRids)
        {
            return itemRids;
        }

        if (Parse(imagePlatforms) is { Count: > 0 } projectPlatforms)
        {
            return projectPlatforms;
        }

        if (FromRuntimeIdentifiers(Split(runtimeIdentifier).Concat(Split(runtimeIdentifiers))) is { Count: > 0 } rids)
        {
            return rids;
        }

        return [Platform.Host];
    }

    private static List<Platform> Parse(string? list) => Split(list).Select(Platform.Parse).Distinct().ToList();

    private static List<Platform> FromRuntimeIdentifiers(IEnumerable<string> rids) =>
        rids.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(rid => RuntimeIdentifiers.ToPlatform(rid)
                ?? throw new PlatformFormatException(rid, $"runtime identifier {rid} has no container platform; set ImagePlatforms or the BaseImage's Platforms metadata"))
            .Distinct().ToList();

    private static string[] Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
