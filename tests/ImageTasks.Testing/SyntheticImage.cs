using System.Text;

namespace ImageTasks.Testing;

/// <summary>
/// One single-platform image: manifest bytes (in memory), its config and its layers on disk.
/// <see cref="Digest"/>, <see cref="Size"/>, <see cref="MediaType"/> and <see cref="Bytes"/> are the manifest's.
/// </summary>
public sealed class SyntheticImage
{
    internal SyntheticImage(
        string name,
        ManifestFormat format,
        byte[] bytes,
        ConfigBlob config,
        IReadOnlyList<LayerBlob> layers,
        IReadOnlyDictionary<string, string> labels)
    {
        Name = name;
        Format = format;
        Bytes = bytes;
        Config = config;
        Layers = layers;
        Labels = labels;
        Digest = Digests.Sha256(bytes);
    }

    /// <summary>A label for diagnostics; also written into the config labels.</summary>
    public string Name { get; }

    public ManifestFormat Format { get; }

    /// <summary>The exact manifest bytes; push these unchanged so the digest holds.</summary>
    public byte[] Bytes { get; }

    public string Digest { get; }

    public long Size => Bytes.LongLength;

    public string MediaType => FixtureMediaTypes.Manifest(Format);

    public string Text => Encoding.UTF8.GetString(Bytes);

    public ConfigBlob Config { get; }

    public ImagePlatform Platform => Config.Platform;

    /// <summary>Layers in manifest order (base first).</summary>
    public IReadOnlyList<LayerBlob> Layers { get; }

    /// <summary>The layer descriptors exactly as the manifest lists them (media type per <see cref="Format"/>).</summary>
    public IReadOnlyList<SyntheticDescriptor> LayerDescriptors => Layers.Select(l => l.DescriptorFor(Format)).ToArray();

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The descriptor an index uses for this image (with platform).</summary>
    public SyntheticDescriptor Descriptor => new(MediaType, Digest, Size, Platform);

    public override string ToString() => $"{Name} {Platform} {Digest}";
}
