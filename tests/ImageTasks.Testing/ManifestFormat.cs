namespace ImageTasks.Testing;

/// <summary>Which family of media types a synthetic manifest, config, layer reference or index uses.</summary>
public enum ManifestFormat
{
    /// <summary>Docker image manifest v2 schema 2 and Docker manifest list.</summary>
    Docker,

    /// <summary>OCI image manifest and OCI image index.</summary>
    Oci,
}
