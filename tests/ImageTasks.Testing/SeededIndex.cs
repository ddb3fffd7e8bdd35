namespace ImageTasks.Testing;

/// <summary>A multi-platform index pushed to <see cref="Repository"/>:<see cref="Tag"/> with its children by digest.</summary>
public sealed record SeededIndex(string Repository, string Tag, SyntheticIndex Index)
{
    public string Digest => Index.Digest;

    public string MediaType => Index.MediaType;

    /// <summary>Child manifest digest per platform, keyed "os/arch" or "os/arch/variant" (e.g. "linux/arm/v7").</summary>
    public IReadOnlyDictionary<string, string> PlatformDigests =>
        Index.Images.ToDictionary(i => i.Platform.ToString(), i => i.Digest, StringComparer.Ordinal);

    public SyntheticImage ForPlatform(string platform) => Index.ForPlatform(platform);

    public string Reference(string host) => $"{host}/{Repository}:{Tag}";
}
