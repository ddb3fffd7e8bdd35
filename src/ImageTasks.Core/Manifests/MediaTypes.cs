namespace ImageTasks.Core.Manifests;

/// <summary>The media types of the four manifest kinds we read, their blobs, and the legacy ones we refuse.</summary>
public static class MediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";

    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>
    /// Every manifest request names all four types: distribution answers 404 for an OCI manifest when Accept lacks the OCI
    /// types, and converts a schema2 manifest to schema1 when Accept is missing.
    /// </summary>
    public static readonly IReadOnlyList<string> AcceptedManifests = [OciIndex, DockerManifestList, OciManifest, DockerManifest];

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsImageManifest(string mediaType) => mediaType is OciManifest or DockerManifest;

    public static bool IsSchema1(string mediaType) =>
        mediaType is DockerSchema1 or DockerSchema1Signed || mediaType.StartsWith("application/vnd.docker.distribution.manifest.v1", StringComparison.Ordinal);

    /// <summary>Layers we can decompress to check their diff_id: gzip (or uncompressed) tars.</summary>
    public static LayerCompression CompressionOf(string layerMediaType) => layerMediaType switch
    {
        "application/vnd.docker.image.rootfs.diff.tar.gzip" or "application/vnd.oci.image.layer.v1.tar+gzip"
            or "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
            or "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip" => LayerCompression.Gzip,
        "application/vnd.oci.image.layer.v1.tar" or "application/vnd.docker.image.rootfs.diff.tar"
            or "application/vnd.oci.image.layer.nondistributable.v1.tar" => LayerCompression.None,
        "application/vnd.oci.image.layer.v1.tar+zstd" => LayerCompression.Zstd,
        _ => LayerCompression.Unknown,
    };
}

public enum LayerCompression
{
    Unknown,
    None,
    Gzip,
    Zstd,
}
