namespace ImageTasks.Testing;

/// <summary>
/// The media types the fixture writes. Kept as constants so tests compare against the
/// same strings the images were built with instead of re-typing them.
/// </summary>
public static class FixtureMediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>
    /// An Accept value naming every manifest type. distribution 2.8 answers 404 for an OCI
    /// manifest not named in Accept, and converts Docker schema2 to schema1 when Accept is
    /// missing, so raw pulls in tests should send this.
    /// </summary>
    public const string AllManifests =
        OciIndex + ", " + OciManifest + ", " + DockerManifestList + ", " + DockerManifest;

    public static string Manifest(ManifestFormat format) =>
        format == ManifestFormat.Oci ? OciManifest : DockerManifest;

    public static string Index(ManifestFormat format) =>
        format == ManifestFormat.Oci ? OciIndex : DockerManifestList;

    public static string Config(ManifestFormat format) =>
        format == ManifestFormat.Oci ? OciConfig : DockerConfig;

    public static string Layer(ManifestFormat format) =>
        format == ManifestFormat.Oci ? OciLayer : DockerLayer;
}
