using System.Text.Json.Serialization;

namespace ImageTasks.Core.Pinning;

/// <summary>
/// images.lock.json: what each base image reference was pinned to, as packages.lock.json pins NuGet packages. One entry
/// per reference (its full form), keys sorted, so the file diffs well in review.
/// </summary>
public sealed record ImageLock
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; init; } = CurrentVersion;

    [JsonPropertyName("images")]
    public SortedDictionary<string, LockedImage> Images { get; init; } = new(StringComparer.Ordinal);
}

/// <param name="Digest">what the reference resolved to: the index (or manifest list) digest for a multi-platform image</param>
/// <param name="MediaType">that document's media type</param>
/// <param name="Platforms">each required platform's manifest digest</param>
/// <param name="Resolved">when the pin was made (kept while it does not change)</param>
public sealed record LockedImage(
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("platforms")] SortedDictionary<string, string> Platforms,
    [property: JsonPropertyName("resolved")] DateTimeOffset Resolved)
{
    /// <summary>Same pin, whatever the time it was made.</summary>
    public bool SamePin(LockedImage other) =>
        Digest == other.Digest && MediaType == other.MediaType && Platforms.SequenceEqual(other.Platforms);
}

[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 2)]
[JsonSerializable(typeof(ImageLock))]
internal sealed partial class ImageLockJsonContext : JsonSerializerContext;
