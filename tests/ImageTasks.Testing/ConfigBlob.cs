using System.Text;
using System.Text.Json.Nodes;

namespace ImageTasks.Testing;

/// <summary>An image config JSON blob, kept in memory because it is small.</summary>
public sealed class ConfigBlob
{
    internal ConfigBlob(byte[] bytes, string mediaType, ImagePlatform platform)
    {
        Bytes = bytes;
        MediaType = mediaType;
        Platform = platform;
        Digest = Digests.Sha256(bytes);
    }

    /// <summary>The exact bytes pushed; <see cref="Digest"/> is computed over them.</summary>
    public byte[] Bytes { get; }

    public string Digest { get; }

    public long Size => Bytes.LongLength;

    public string MediaType { get; }

    /// <summary>The platform written into the config (architecture/os/variant/os.version).</summary>
    public ImagePlatform Platform { get; }

    public string Text => Encoding.UTF8.GetString(Bytes);

    public JsonNode Json => JsonNode.Parse(Bytes) ?? throw new InvalidOperationException("Config is not JSON.");

    public SyntheticDescriptor Descriptor => new(MediaType, Digest, Size);
}
