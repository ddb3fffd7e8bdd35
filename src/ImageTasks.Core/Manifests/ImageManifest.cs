using System.Text.Json.Serialization;

namespace ImageTasks.Core.Manifests;

/// <summary>A Docker schema2 or OCI image manifest: one config and its layers.</summary>
public sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("config")]
    public Descriptor Config { get; init; } = new();

    [JsonPropertyName("layers")]
    public List<Descriptor> Layers { get; init; } = [];

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; init; }
}

/// <summary>A Docker manifest list or OCI image index: one manifest per platform.</summary>
public sealed record ImageIndex
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public List<Descriptor> Manifests { get; init; } = [];

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; init; }
}

/// <summary>Just the fields needed to tell what kind of document a manifest is.</summary>
internal sealed record ManifestProbe
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public List<Descriptor>? Manifests { get; init; }

    [JsonPropertyName("config")]
    public Descriptor? Config { get; init; }
}
