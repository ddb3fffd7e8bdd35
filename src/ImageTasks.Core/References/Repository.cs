namespace ImageTasks.Core.References;

/// <summary>
/// A repository in a registry, without tag or digest: where manifests and blobs are asked for. Registry and source calls
/// take one, so a reference's tag can never be mistaken for part of the repository.
/// </summary>
public sealed record Repository
{
    internal Repository(string domain, string path, string familiarName)
    {
        Domain = domain;
        Path = path;
        FamiliarName = familiarName;
        // Built once: ls and the index key every row by it, thousands of times on a large store.
        fullName = domain.Length == 0 ? path : string.Concat(domain, "/", path);
    }

    private readonly string fullName;

    /// <summary>The registry: "docker.io", "127.0.0.1:5000".</summary>
    public string Domain { get; }

    /// <summary>The path within the registry: "library/ubuntu".</summary>
    public string Path { get; }

    /// <summary>The name as Docker shows it: "ubuntu", "127.0.0.1:5000/foo".</summary>
    public string FamiliarName { get; }

    /// <summary>Parses a name with neither tag nor digest ("ubuntu", "127.0.0.1:5000/team/app").</summary>
    public static Repository Parse(string name)
    {
        var reference = ImageReference.Parse(name);
        return reference.Tag is null && reference.Digest is null
            ? reference.Repository
            : throw new ReferenceFormatException($"{name}: a repository name has no tag or digest");
    }

    /// <summary>The full name: "docker.io/library/ubuntu".</summary>
    public override string ToString() => fullName;

    public string ToFamiliarString() => FamiliarName;

    /// <summary>This repository as a reference with neither tag nor digest.</summary>
    public ImageReference ToReference() => new(this, null, null);

    /// <summary>A reference to <paramref name="tag"/> in this repository; throws "invalid tag format".</summary>
    public ImageReference WithTag(string tag) => ToReference().WithTag(tag);

    public ImageReference WithDigest(Digest digest) => ToReference().WithDigest(digest);
}
