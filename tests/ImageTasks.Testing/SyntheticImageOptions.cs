namespace ImageTasks.Testing;

/// <summary>What <see cref="ImageFactory.CreateImageAsync"/> builds. Every property has a usable default.</summary>
public sealed record SyntheticImageOptions
{
    /// <summary>Shows up in the config labels and history so images are distinguishable.</summary>
    public string Name { get; init; } = "synthetic";

    public ManifestFormat Format { get; init; } = ManifestFormat.Docker;

    public ImagePlatform Platform { get; init; } = ImagePlatform.LinuxAmd64;

    /// <summary>Existing layers to put first, e.g. another image's layers to share a base.</summary>
    public IReadOnlyList<LayerBlob> BaseLayers { get; init; } = [];

    /// <summary>How many fresh layers to add on top of <see cref="BaseLayers"/>.</summary>
    public int NewLayers { get; init; } = 1;

    public int FilesPerLayer { get; init; } = 3;

    /// <summary>Bytes of random data per file in a fresh layer.</summary>
    public int FileSize { get; init; } = 4096;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Fixed by default so configs do not depend on the clock.</summary>
    public DateTimeOffset Created { get; init; } = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);
}
