using System.Text.Json.Serialization;

namespace ImageTasks.Core.Manifests;

/// <summary>Source-generated (reflection-free, AOT-clean) JSON for every document the engine reads or writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(ManifestProbe))]
[JsonSerializable(typeof(Descriptor))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
