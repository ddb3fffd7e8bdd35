using System.Text.Encodings.Web;
using System.Text.Json;

namespace ImageTasks.Testing;

/// <summary>Writes synthetic images to disk in the layouts skopeo reads: OCI image layout and skopeo's dir: transport.</summary>
public static class ImageLayouts
{
    /// <summary>
    /// An OCI image layout (oci-layout, index.json, blobs/sha256/...) whose index.json names the
    /// image by <paramref name="tag"/> (org.opencontainers.image.ref.name).
    /// </summary>
    public static async Task WriteOciLayoutAsync(string directory, string tag, SyntheticImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Format != ManifestFormat.Oci)
        {
            // skopeo 1.9's oci: transport ignores descriptors with Docker media types.
            throw new ArgumentException("Use WriteSkopeoDirAsync for Docker-typed images; skopeo's oci: transport cannot read them.", nameof(image));
        }

        await WriteOciLayoutAsync(directory, tag, image.Descriptor with { Platform = null }, [image], cancellationToken);
        await WriteBlobAsync(directory, image.Digest, image.Bytes, cancellationToken);
    }

    /// <summary>An OCI image layout holding an index (and all its children) under <paramref name="tag"/>.</summary>
    public static async Task WriteOciLayoutAsync(string directory, string tag, SyntheticIndex index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Format != ManifestFormat.Oci)
        {
            throw new ArgumentException("skopeo's oci: transport cannot read Docker manifest lists.", nameof(index));
        }

        await WriteOciLayoutAsync(directory, tag, new SyntheticDescriptor(index.MediaType, index.Digest, index.Size), index.Images, cancellationToken);
        await WriteBlobAsync(directory, index.Digest, index.Bytes, cancellationToken);
        foreach (var image in index.Images)
        {
            await WriteBlobAsync(directory, image.Digest, image.Bytes, cancellationToken);
        }
    }

    /// <summary>
    /// skopeo's dir: layout: "version", "manifest.json" (exact manifest bytes) and each blob in a
    /// file named by its hex digest.
    /// </summary>
    public static async Task WriteSkopeoDirAsync(string directory, SyntheticImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "version"), "Directory Transport Version: 1.1\n", cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(directory, "manifest.json"), image.Bytes, cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(directory, Digests.Hex(image.Config.Digest)), image.Config.Bytes, cancellationToken);
        foreach (var layer in image.Layers)
        {
            File.Copy(layer.FilePath, Path.Combine(directory, Digests.Hex(layer.Digest)), overwrite: true);
        }
    }

    private static async Task WriteOciLayoutAsync(
        string directory,
        string tag,
        SyntheticDescriptor root,
        IEnumerable<SyntheticImage> images,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        await File.WriteAllTextAsync(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""", cancellationToken);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteStartArray("manifests");
            writer.WriteStartObject();
            writer.WriteString("mediaType", root.MediaType);
            writer.WriteString("digest", root.Digest);
            writer.WriteNumber("size", root.Size);
            writer.WriteStartObject("annotations");
            writer.WriteString("org.opencontainers.image.ref.name", tag);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await File.WriteAllBytesAsync(Path.Combine(directory, "index.json"), buffer.ToArray(), cancellationToken);
        foreach (var image in images)
        {
            await WriteBlobAsync(directory, image.Config.Digest, image.Config.Bytes, cancellationToken);
            foreach (var layer in image.Layers)
            {
                var target = BlobPath(directory, layer.Digest);
                if (!File.Exists(target))
                {
                    File.Copy(layer.FilePath, target);
                }
            }
        }
    }

    private static Task WriteBlobAsync(string directory, string digest, byte[] bytes, CancellationToken cancellationToken) =>
        File.WriteAllBytesAsync(BlobPath(directory, digest), bytes, cancellationToken);

    private static string BlobPath(string directory, string digest) =>
        Path.Combine(directory, "blobs", "sha256", Digests.Hex(digest));
}
