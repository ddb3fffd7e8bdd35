using System.Text.Json;

namespace ImageTasks.Testing;

/// <summary>An image platform as written into configs and index entries.</summary>
public sealed record ImagePlatform(string Os, string Architecture, string? Variant = null, string? OsVersion = null)
{
    public static ImagePlatform LinuxAmd64 { get; } = new("linux", "amd64");

    public static ImagePlatform LinuxArm64V8 { get; } = new("linux", "arm64", "v8");

    public static ImagePlatform LinuxArmV7 { get; } = new("linux", "arm", "v7");

    /// <summary>Windows Server 2022 build, so os.version matching can be tested.</summary>
    public static ImagePlatform WindowsAmd64 { get; } = new("windows", "amd64", null, "10.0.20348.2227");

    /// <summary>The <c>os.features</c> the image needs (e.g. <c>win32k</c>); written only when set.</summary>
    public IReadOnlyList<string>? OsFeatures { get; init; }

    /// <summary>"os/arch" or "os/arch/variant", the spelling users type on command lines.</summary>
    public override string ToString() =>
        Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    /// <summary>Writes the properties of an OCI/Docker "platform" object (index entry form).</summary>
    internal void WritePlatformProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("architecture", Architecture);
        writer.WriteString("os", Os);
        if (OsVersion is not null)
        {
            writer.WriteString("os.version", OsVersion);
        }

        if (OsFeatures is not null)
        {
            writer.WriteStartArray("os.features");
            foreach (var feature in OsFeatures)
            {
                writer.WriteStringValue(feature);
            }

            writer.WriteEndArray();
        }

        if (Variant is not null)
        {
            writer.WriteString("variant", Variant);
        }
    }
}
