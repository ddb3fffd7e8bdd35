using System.Globalization;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>
/// One entry of the store's index.json: an image manifest and one name for it. An image with two tags has two entries;
/// an image with none (dangling, or pulled by digest only) has one entry without <see cref="Reference"/>. The annotations
/// are the compact summary that lets <c>ls</c> answer without opening any config.
/// </summary>
public sealed record ImageRecord
{
    /// <summary>The OCI annotation skopeo, umoci and crane look up: we store the full reference there.</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    internal const string RepositoryAnnotation = "io.imagetasks.repository";
    internal const string RepoDigestAnnotation = "io.imagetasks.repo-digest";
    internal const string ConfigAnnotation = "io.imagetasks.config";
    internal const string CreatedAnnotation = "io.imagetasks.created";
    internal const string SizeAnnotation = "io.imagetasks.size";
    internal const string PulledAnnotation = "io.imagetasks.pulled";

    public required Digest Manifest { get; init; }

    public required string MediaType { get; init; }

    public required long ManifestSize { get; init; }

    /// <summary>The config digest: Docker's image ID.</summary>
    public required Digest Config { get; init; }

    /// <summary>The tagged full reference (<c>docker.io/library/alpine:3.19</c>); null for an untagged entry.</summary>
    public ImageReference? Reference { get; init; }

    /// <summary>The repository the image came from (full name); kept when the tag moves, as Docker keeps RepoDigests.</summary>
    public required Repository Repository { get; init; }

    /// <summary>What the tag resolved to when pulled: the index digest for a multi-platform image (Docker's RepoDigests).</summary>
    public Digest? RepoDigest { get; init; }

    public PlatformSpec? Platform { get; init; }

    public DateTimeOffset? Created { get; init; }

    /// <summary>The size of the layers' files unpacked, as Docker's SIZE column shows it.</summary>
    public long Size { get; init; }

    public DateTimeOffset Pulled { get; init; }

    /// <summary>
    /// The entry another tool wrote, when this image came from it (see <see cref="ForeignImage"/>). While the record is
    /// as it was read, the store writes that entry back byte for byte; a changed record is written as one of ours.
    /// </summary>
    internal ForeignEntry? Foreign { get; init; }

    public bool IsTagged => Reference is not null;

    public Descriptor ToDescriptor()
    {
        var annotations = new Dictionary<string, string>
        {
            [RepositoryAnnotation] = Repository.ToString(),
            [ConfigAnnotation] = Config.ToString(),
            [SizeAnnotation] = Size.ToString(CultureInfo.InvariantCulture),
            [PulledAnnotation] = Pulled.ToString("O", CultureInfo.InvariantCulture),
        };
        if (Reference is not null)
        {
            annotations[RefNameAnnotation] = Reference.ToString();
        }

        if (RepoDigest is { } repoDigest)
        {
            annotations[RepoDigestAnnotation] = repoDigest.ToString();
        }

        if (Created is { } created)
        {
            annotations[CreatedAnnotation] = created.ToString("O", CultureInfo.InvariantCulture);
        }

        return new Descriptor
        {
            MediaType = MediaType,
            Digest = Manifest,
            Size = ManifestSize,
            Platform = Platform,
            Annotations = annotations,
        };
    }

    /// <summary>Reads an index.json entry; entries another tool wrote without our annotations are skipped (null).</summary>
    public static ImageRecord? FromDescriptor(Descriptor descriptor)
    {
        var a = descriptor.Annotations;
        if (a is null || !a.TryGetValue(RepositoryAnnotation, out var repository) || !a.TryGetValue(ConfigAnnotation, out var config)
            || descriptor.Digest is not { Algorithm.Length: > 0 } manifest || !Digest.TryParse(config, out var configDigest))
        {
            return null;
        }

        return new ImageRecord
        {
            Manifest = manifest,
            MediaType = descriptor.MediaType,
            ManifestSize = descriptor.Size,
            Config = configDigest,
            Reference = a.TryGetValue(RefNameAnnotation, out var name) ? ImageReference.Parse(name) : null,
            Repository = ImageReference.Parse(repository).Repository,
            RepoDigest = a.TryGetValue(RepoDigestAnnotation, out var rd) && Digest.TryParse(rd, out var repoDigest) ? repoDigest : null,
            Platform = descriptor.Platform,
            Created = a.TryGetValue(CreatedAnnotation, out var c) && TryParseTime(c, out var created) ? created : null,
            Size = a.TryGetValue(SizeAnnotation, out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var size) ? size : 0,
            Pulled = a.TryGetValue(PulledAnnotation, out var p) && TryParseTime(p, out var pulled) ? pulled : default,
        };
    }

    /// <summary>A time as the store writes it (round-trip "O" format, parsed on a fast path), or in any form .NET reads.</summary>
    internal static bool TryParseTime(ReadOnlySpan<char> text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out time)
        || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
