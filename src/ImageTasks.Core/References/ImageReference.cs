using System.Diagnostics.CodeAnalysis;

namespace ImageTasks.Core.References;

/// <summary>
/// An image reference as Docker reads one: <c>[domain/]path[:tag][@digest]</c>, normalised the way
/// <c>docker pull</c> normalises it ("ubuntu" is docker.io/library/ubuntu).
/// </summary>
/// <remarks>
/// Parsing follows distribution/reference's ParseNormalizedNamed, including its error wording. It never
/// invents a tag: "ubuntu" has neither tag nor digest until <see cref="WithDefaultTag"/> adds "latest",
/// because whether to default is the caller's decision (a digest pin must not gain a tag).
/// </remarks>
public sealed record ImageReference
{
    private ImageReference(string domain, string path, string? tag, Digest? digest)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;

        // Docker leaves the domain empty in one corner case (a first component like "foo_bar.com" that
        // contains '.' but is no valid host, so the grammar reads the whole name as a path); the name is
        // then the path alone, exactly as Docker prints it.
        var name = domain.Length == 0 ? path : string.Concat(domain, "/", path);
        Repository = new Repository(domain, path, Familiarize(domain, path, name));
    }

    /// <summary>The same repository with another tag or digest: its names are already known.</summary>
    internal ImageReference(Repository repository, string? tag, Digest? digest)
    {
        Domain = repository.Domain;
        Path = repository.Path;
        Tag = tag;
        Digest = digest;
        Repository = repository;
    }

    /// <summary>The registry: "docker.io", "127.0.0.1:5000", "localhost", "[fc00::1]:5000".</summary>
    public string Domain { get; }

    /// <summary>The repository path within the registry: "library/ubuntu", "foo/bar".</summary>
    public string Path { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>Domain and path, without tag or digest: "docker.io/library/ubuntu".</summary>
    public Repository Repository { get; }

    /// <summary>
    /// The name as Docker shows it: "docker.io/" dropped, and "library/" dropped for official images
    /// ("ubuntu", "nigelpoulton/tu-demo", "127.0.0.1:5000/foo").
    /// </summary>
    public string FamiliarRepository => Repository.FamiliarName;

    /// <summary>Parses and normalises <paramref name="text"/>; throws <see cref="ReferenceFormatException"/>.</summary>
    public static ImageReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out ImageReference? reference, out string? error)
            ? reference
            : throw new ReferenceFormatException(error);
    }

    /// <summary>As <see cref="Parse"/>, with Docker's error message in <paramref name="error"/> instead of an exception.</summary>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out ImageReference? reference,
        [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (text is null)
        {
            error = ReferenceGrammar.InvalidReferenceFormat;
            return false;
        }

        error = ReferenceGrammar.ParseNormalized(text, out ReferenceParts parts);
        if (error is not null)
        {
            return false;
        }

        reference = new ImageReference(parts.Domain, parts.Path, parts.Tag, parts.Digest);
        return true;
    }

    /// <summary>Whether <paramref name="tag"/> is a valid tag: <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.</summary>
    public static bool IsValidTag(string? tag) => tag is not null && ReferenceGrammar.IsTag(tag);

    /// <summary>
    /// Whether <paramref name="path"/> is a valid repository path with no domain ("library/ubuntu"), as a
    /// registry's catalog lists them: lowercase components joined by '/', at most 255 characters.
    /// </summary>
    public static bool IsValidRepositoryPath(string? path) =>
        path is not null && path.Length <= ReferenceGrammar.MaxPathLength && ReferenceGrammar.IsPath(path);

    /// <summary>Adds the tag "latest" when there is neither tag nor digest (Docker's TagNameOnly).</summary>
    public ImageReference WithDefaultTag() =>
        Tag is null && Digest is null ? new ImageReference(Repository, ReferenceGrammar.DefaultTag, null) : this;

    /// <summary>The same repository and digest with <paramref name="tag"/>; throws "invalid tag format".</summary>
    public ImageReference WithTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return ReferenceGrammar.IsTag(tag)
            ? new ImageReference(Repository, tag, Digest)
            : throw new ReferenceFormatException(ReferenceGrammar.InvalidTagFormat);
    }

    /// <summary>The same repository and tag pinned to <paramref name="digest"/>.</summary>
    public ImageReference WithDigest(Digest digest) =>
        digest.Algorithm.Length == 0
            ? throw new ReferenceFormatException(ReferenceGrammar.InvalidDigestFormat)
            : new ImageReference(Repository, Tag, digest);

    /// <summary>The repository alone, without tag or digest.</summary>
    public ImageReference NameOnly() =>
        Tag is null && Digest is null ? this : new ImageReference(Repository, null, null);

    /// <summary>The full form: "docker.io/library/ubuntu:latest@sha256:...".</summary>
    public override string ToString() => Format(Repository.ToString());

    /// <summary>The familiar form: "ubuntu:latest", "127.0.0.1:5000/foo@sha256:...".</summary>
    public string ToFamiliarString() => Format(FamiliarRepository);

    private string Format(string name) =>
        string.Concat(
            name,
            Tag is null ? null : ":",
            Tag,
            Digest is null ? null : "@",
            Digest?.ToString());

    // Docker's familiarizeName. "library/" goes only when one component follows it: Docker Hub has no
    // nested official namespaces, and stripping it from "library/foo/bar" would change what "foo/bar" means.
    private static string Familiarize(string domain, string path, string repository)
    {
        if (domain != ReferenceGrammar.DefaultDomain)
        {
            return repository;
        }

        if (path.StartsWith(ReferenceGrammar.OfficialRepoPrefix, StringComparison.Ordinal)
            && path.IndexOf('/', ReferenceGrammar.OfficialRepoPrefix.Length) < 0)
        {
            return path[ReferenceGrammar.OfficialRepoPrefix.Length..];
        }

        return path;
    }
}
