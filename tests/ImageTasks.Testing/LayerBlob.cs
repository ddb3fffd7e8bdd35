namespace ImageTasks.Testing;

/// <summary>
/// A real gzip-compressed tar layer on disk. It is format neutral: the same bytes are
/// referenced as a Docker or an OCI layer depending on the manifest that uses it, which is
/// what lets two images (even of different formats) share one layer object.
/// </summary>
public sealed class LayerBlob
{
    internal LayerBlob(string filePath, string digest, long size, string diffId, long uncompressedSize, IReadOnlyList<string> files, long contentSize)
    {
        FilePath = filePath;
        Digest = digest;
        Size = size;
        DiffId = diffId;
        UncompressedSize = uncompressedSize;
        Files = files;
        ContentSize = contentSize;
    }

    /// <summary>The .tar.gz file; its bytes are exactly what <see cref="Digest"/> was computed over.</summary>
    public string FilePath { get; }

    /// <summary>sha256 of the compressed bytes (the blob digest).</summary>
    public string Digest { get; }

    /// <summary>Size of the compressed bytes.</summary>
    public long Size { get; }

    /// <summary>sha256 of the uncompressed tar, as listed in the config's rootfs.diff_ids.</summary>
    public string DiffId { get; }

    public long UncompressedSize { get; }

    /// <summary>Bytes of the files inside (what docker reports as a layer's size once unpacked).</summary>
    public long ContentSize { get; }

    /// <summary>Paths of the regular files inside the tar.</summary>
    public IReadOnlyList<string> Files { get; }

    public string MediaTypeFor(ManifestFormat format) => FixtureMediaTypes.Layer(format);

    public SyntheticDescriptor DescriptorFor(ManifestFormat format) => new(MediaTypeFor(format), Digest, Size);

    public Stream OpenRead() => File.OpenRead(FilePath);

    public override string ToString() => $"layer {Digest} ({Size} bytes)";
}
