using System.Text.Json;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Archives;

/// <summary>
/// The images of an archive and their names. An OCI layout's <c>index.json</c> (docker 25+, podman and skopeo
/// oci-archive) gives manifests as they were, so their digests survive; docker's <c>manifest.json</c> (every docker
/// save, podman and skopeo docker-archive) gives names and, for an image the layout lacks (docker 20.10), its config and
/// layer files, from which a manifest is built as docker 25+ builds it for its own save: an OCI manifest, the config as
/// <c>application/vnd.oci.image.config.v1+json</c>, each layer file as it is (digest and size of its bytes, typed
/// <c>tar</c>, or <c>tar+gzip</c>/<c>tar+zstd</c> when its first bytes say so).
/// </summary>
internal static class ArchiveCatalog
{
    private const string LayoutIndex = "index.json";
    private const string DockerManifest = "manifest.json";

    private const string ContainerdName = "io.containerd.image.name";

    private static readonly char[] NameParts = [':', '/'];

    public static IReadOnlyList<ArchivedImage> Read(SpooledArchive archive)
    {
        var images = new List<ArchivedImage>();
        if (archive.Find(LayoutIndex) is { } index)
        {
            ReadLayout(archive, index, images);
        }

        if (archive.Find(DockerManifest) is { } manifest)
        {
            ReadDockerManifest(archive, manifest, images);
        }

        return images.Count > 0 ? images : throw ArchiveErrors.NoImages();
    }

    private static void ReadLayout(SpooledArchive archive, SpooledFile indexFile, List<ArchivedImage> images)
    {
        var index = ManifestDocument.Parse(indexFile.ReadDocument(ManifestDocument.MaxSize), MediaTypes.OciIndex, "index.json of the archive");
        foreach (var entry in index.Index!.Manifests)
        {
            var document = ReadManifest(archive, entry, LayoutIndex);
            if (!document.IsIndex)
            {
                Add(images, document, NameOf(entry.Annotations), inArchive: true);
                continue;
            }

            // An image index: each platform the archive holds is loaded, the tag going to one of them (the host's), the
            // others untagged, as pulls of several platforms leave them; the index itself is kept for its digest.
            var platforms = PresentPlatforms(archive, document);
            var tagged = PickPlatform(platforms);
            foreach (var platform in platforms)
            {
                var manifest = ReadManifest(archive, platform, $"index {document.Digest}");
                Add(images, manifest, ReferenceEquals(platform, tagged) ? NameOf(entry.Annotations) : [], inArchive: true, index: document);
            }
        }
    }

    /// <summary>The image manifests of an index that the archive holds: an archive may carry only some platforms.</summary>
    private static List<Descriptor> PresentPlatforms(SpooledArchive archive, ManifestDocument index)
    {
        var present = index.Index!.Manifests.Where(m => archive.Find(m.Digest) is not null && MediaTypes.IsImageManifest(m.MediaType)).ToList();
        return present.Count > 0
            ? present
            : throw ArchiveErrors.Missing(index.Digest.ToString(), "the image index in index.json (none of its manifests)");
    }

    /// <summary>
    /// The platform a multi-platform image's tag names (docker with the containerd store, skopeo --all, our save of an
    /// index): the host's when the archive holds it, else the first it holds.
    /// </summary>
    private static Descriptor PickPlatform(List<Descriptor> present)
    {
        var matcher = new PlatformMatcher(Platform.Host);
        return present.FirstOrDefault(m => m.Platform is { } p && matcher.Matches(p.ToPlatform())) ?? present[0];
    }

    /// <summary>docker 25+ and containerd name the image in full; skopeo and podman put a name (or only a tag) in ref.name.</summary>
    private static List<ImageReference> NameOf(Dictionary<string, string>? annotations)
    {
        if (annotations is null)
        {
            return [];
        }

        if (annotations.TryGetValue(ContainerdName, out var full) && ImageReference.TryParse(full, out var named, out _) && named is { Tag: not null, Digest: null })
        {
            return [named];
        }

        // A bare tag ("3.19", "latest") names no repository: only a value with a name part counts.
        return annotations.TryGetValue(Store.ImageRecord.RefNameAnnotation, out var refName) && refName.IndexOfAny(NameParts) > 0
            && ImageReference.TryParse(refName, out var reference, out _) && reference is not null && reference.Digest is null
            ? [reference.WithDefaultTag()]
            : [];
    }

    private static void ReadDockerManifest(SpooledArchive archive, SpooledFile file, List<ArchivedImage> images)
    {
        List<DockerArchiveEntry>? entries;
        try
        {
            entries = JsonSerializer.Deserialize(file.ReadDocument(ManifestDocument.MaxSize), ArchiveJsonContext.Default.ListDockerArchiveEntry);
        }
        catch (JsonException e)
        {
            throw ArchiveErrors.Unreadable($"manifest.json is not valid JSON: {JsonMessages.Describe(e)}", e);
        }

        foreach (var entry in entries ?? new List<DockerArchiveEntry>())
        {
            if (entry is null || entry.Config is not { } configName || entry.Layers is not { } layerNames || layerNames.Any(l => l is null))
            {
                throw ArchiveErrors.Unreadable("manifest.json has an entry without Config or Layers");
            }

            var config = archive.Find(configName) ?? throw ArchiveErrors.Missing(configName, DockerManifest);
            var layers = layerNames.Select(name => archive.Find(name) ?? throw ArchiveErrors.Missing(name, DockerManifest)).ToList();
            var tags = (entry.RepoTags ?? new List<string>()).Select(RepoTag).ToList();
            // docker 25+ names the same files from both documents: one image, whose manifest (and digest) is the layout's.
            var known = images.FirstOrDefault(i => i.ConfigDigest == config.Digest && i.Manifest.Manifest!.Layers.Select(l => l.Digest).SequenceEqual(layers.Select(l => l.Digest)));
            if (known is not null)
            {
                known.AddTags(tags);
                continue;
            }

            Add(images, BuildManifest(config, layers), tags, inArchive: false);
        }
    }

    /// <summary>A RepoTags entry: a name with a tag (docker writes <c>alpine:3.19</c>), never a digest.</summary>
    private static ImageReference RepoTag(string? text)
    {
        var reference = text is null ? null : ImageReference.Parse(text);
        return reference is { Digest: null }
            ? reference.WithDefaultTag()
            : throw ArchiveErrors.Unreadable($"manifest.json names an image \"{text}\", which is not NAME:TAG");
    }

    private static ManifestDocument BuildManifest(SpooledFile config, IReadOnlyList<SpooledFile> layers)
    {
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = config.Digest, Size = config.Length },
            Layers = layers.Select(l => new Descriptor { MediaType = LayerMediaType(l), Digest = l.Digest, Size = l.Length }).ToList(),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJsonContext.Default.ImageManifest);
        return ManifestDocument.Parse(bytes, MediaTypes.OciManifest, $"the image of {config.Name}");
    }

    private static string LayerMediaType(SpooledFile layer)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = layer.Open();
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read] switch
        {
            [0x1f, 0x8b, ..] => "application/vnd.oci.image.layer.v1.tar+gzip",
            [0x28, 0xb5, 0x2f, 0xfd] => "application/vnd.oci.image.layer.v1.tar+zstd",
            _ => "application/vnd.oci.image.layer.v1.tar",
        };
    }

    private static ManifestDocument ReadManifest(SpooledArchive archive, Descriptor descriptor, string neededBy)
    {
        var name = ArchiveSink.BlobName(descriptor.Digest);
        var file = archive.Find(name) ?? archive.Find(descriptor.Digest) ?? throw ArchiveErrors.Missing(name, neededBy);
        if (file.Digest != descriptor.Digest)
        {
            throw ArchiveErrors.Mismatch(file.Name, $"has content with digest {file.Digest}, but {neededBy} says {descriptor.Digest}");
        }

        if (file.Length != descriptor.Size)
        {
            throw ArchiveErrors.Mismatch(file.Name, $"is {file.Length} bytes, but {neededBy} says {descriptor.Size}");
        }

        return ManifestDocument.Parse(file.ReadDocument(ManifestDocument.MaxSize), string.IsNullOrEmpty(descriptor.MediaType) ? null : descriptor.MediaType, file.Name);
    }

    private static void Add(List<ArchivedImage> images, ManifestDocument manifest, List<ImageReference> tags, bool inArchive, ManifestDocument? index = null)
    {
        var known = images.FirstOrDefault(i => i.Manifest.Digest == manifest.Digest);
        if (known is null)
        {
            images.Add(new ArchivedImage(manifest, tags.Distinct().ToList(), inArchive) { Index = index });
            return;
        }

        known.AddTags(tags);
    }
}
