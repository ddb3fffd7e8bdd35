namespace ImageTasks.Testing;

/// <summary>A single-platform image pushed to <see cref="Repository"/> under <see cref="Tags"/>.</summary>
public sealed record SeededImage(string Repository, IReadOnlyList<string> Tags, SyntheticImage Image)
{
    /// <summary>The first tag.</summary>
    public string Tag => Tags[0];

    /// <summary>The manifest digest the registry confirmed.</summary>
    public string Digest => Image.Digest;

    public string MediaType => Image.MediaType;

    /// <summary>"HOST/REPOSITORY:TAG" for the first tag.</summary>
    public string Reference(string host) => $"{host}/{Repository}:{Tag}";
}
