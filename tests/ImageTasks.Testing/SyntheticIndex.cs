using System.Text;

namespace ImageTasks.Testing;

/// <summary>
/// A multi-platform OCI image index or Docker manifest list over <see cref="Images"/>.
/// <see cref="Digest"/>, <see cref="Size"/>, <see cref="MediaType"/> and <see cref="Bytes"/> are the index's.
/// </summary>
public sealed class SyntheticIndex
{
    internal SyntheticIndex(ManifestFormat format, byte[] bytes, IReadOnlyList<SyntheticImage> images)
    {
        Format = format;
        Bytes = bytes;
        Images = images;
        Digest = Digests.Sha256(bytes);
    }

    public ManifestFormat Format { get; }

    public byte[] Bytes { get; }

    public string Digest { get; }

    public long Size => Bytes.LongLength;

    public string MediaType => FixtureMediaTypes.Index(Format);

    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>The child images in index order.</summary>
    public IReadOnlyList<SyntheticImage> Images { get; }

    public IReadOnlyList<SyntheticDescriptor> Manifests => Images.Select(i => i.Descriptor).ToArray();

    /// <summary>The child for a platform written as "os/arch" or "os/arch/variant".</summary>
    public SyntheticImage ForPlatform(string platform) =>
        Images.SingleOrDefault(i => string.Equals(i.Platform.ToString(), platform, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"The index has no image for {platform}; it has {string.Join(", ", Images.Select(i => i.Platform))}.");

    public SyntheticImage ForPlatform(ImagePlatform platform) => Images.Single(i => i.Platform == platform);
}
