using System.Text.Json.Serialization;

namespace ImageTasks.Core.Store;

/// <summary>
/// A project that pulled images through the build: to ImageTasks what a container is to Docker. Images it roots are in
/// use: <c>rm</c> needs <c>-f</c> and <c>prune -a</c> keeps them.
/// </summary>
public sealed record ProjectRoot
{
    [JsonPropertyName("project")]
    public required string ProjectPath { get; init; }

    /// <summary>The project's images.lock.json; when set, an image counts only while the lock file still names it.</summary>
    [JsonPropertyName("lockFile")]
    public string? LockFilePath { get; init; }

    [JsonPropertyName("images")]
    public required List<RootedImage> Images { get; init; }
}

/// <param name="Id">the image ID (config digest)</param>
/// <param name="Digests">the digests a lock file would name for it: the resolved (index) digest and the manifest digest</param>
public sealed record RootedImage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("digests")] List<string> Digests);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ProjectRoot))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
