using System.Text.Json.Serialization;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Manifests;

/// <summary>An OCI content descriptor: what a manifest, index or index.json says about one blob.</summary>
public sealed record Descriptor
{
    [JsonPropertyName("mediaType")]
    public string MediaType { get; init; } = "";

    /// <summary>The blob's digest; <c>default</c> only while a document that omitted it is being checked.</summary>
    [JsonPropertyName("digest")]
    [JsonConverter(typeof(DigestJsonConverter))]
    public Digest Digest { get; init; }

    [JsonPropertyName("size")]
    public long Size { get; init; }

    [JsonPropertyName("platform")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PlatformSpec? Platform { get; init; }

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("urls")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Urls { get; init; }
}

/// <summary>The platform object as it appears in an index entry (field names are the spec's).</summary>
public sealed record PlatformSpec
{
    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = "";

    [JsonPropertyName("os")]
    public string Os { get; init; } = "";

    [JsonPropertyName("os.version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OsVersion { get; init; }

    [JsonPropertyName("os.features")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OsFeatures { get; init; }

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    public Platform ToPlatform() =>
        new Platform(Os, Architecture, string.IsNullOrEmpty(Variant) ? null : Variant, string.IsNullOrEmpty(OsVersion) ? null : OsVersion)
        {
            OsFeatures = OsFeatures ?? [],
        }.Normalize();

    public static PlatformSpec From(Platform platform) =>
        new()
        {
            Os = platform.Os,
            Architecture = platform.Architecture,
            Variant = platform.Variant,
            OsVersion = platform.OsVersion,
            OsFeatures = platform.OsFeatures.Count == 0 ? null : platform.OsFeatures,
        };
}
