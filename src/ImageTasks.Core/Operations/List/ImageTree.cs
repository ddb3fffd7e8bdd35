using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.List;

/// <summary>One platform of an image in <c>ls --tree</c>.</summary>
/// <param name="Platform">os/arch[/variant] as the index entry (or the image) names it</param>
/// <param name="Id">the platform's manifest digest</param>
/// <param name="Available">the store holds this platform's whole image</param>
/// <param name="Size">bytes of its blobs in the store (manifest, config, layers); 0 when not available</param>
/// <param name="Used">a project uses it (the store's in-use roots): our "in use", as a container is docker's</param>
public sealed record ImageTreePlatform(string Platform, Digest Id, bool Available, long Size, bool Used);

/// <summary>One image in <c>ls --tree</c>: its names, the index (or manifest) it was pulled as, and its platforms.</summary>
public sealed record ImageTreeImage(IReadOnlyList<string> Names, Digest Id, DateTimeOffset? Created, IReadOnlyList<ImageTreePlatform> Platforms)
{
    public long Size => Platforms.Sum(p => p.Size);

    public bool Used => Platforms.Any(p => p.Used);
}

/// <summary>
/// docker 28's image tree over the store (its containerd image store's view): an image pulled through an index is that
/// index, with every image platform the index lists beneath it, available or not; a single-platform image is its
/// manifest with its one platform. The store keeps no unpacked copies, so disk usage and content size are the same
/// bytes: the blobs. Untagged images are left out, as docker leaves them out.
/// </summary>
public static class ImageTree
{
    private const string ReferenceTypeAnnotation = "vnd.docker.reference.type";

    public static IReadOnlyList<ImageTreeImage> Build(ImageStore store, IEnumerable<ImageRecord> records)
    {
        var byManifest = records.GroupBy(r => r.Manifest).ToDictionary(g => g.Key, g => g.First());
        var images = new List<ImageTreeImage>();
        foreach (var group in records.GroupBy(r => TopOf(store, r)))
        {
            var names = group.Where(r => r.Reference is not null).Select(r => r.Reference!.ToFamiliarString()).Distinct().Order(StringComparer.Ordinal).ToList();
            if (names.Count == 0)
            {
                continue;
            }

            var index = ReadIndex(store, group.Key);
            var platforms = index is null
                ? group.Select(r => r.Manifest).Distinct().Select(m => Platform(store, byManifest[m], m, PlatformOf(store, byManifest[m]))).ToList()
                : index.Manifests
                    .Where(m => MediaTypes.IsImageManifest(m.MediaType) && m.Platform is not null
                        && !(m.Annotations?.TryGetValue(ReferenceTypeAnnotation, out var type) == true && type == "attestation-manifest"))
                    .Select(m => Platform(store, byManifest.GetValueOrDefault(m.Digest), m.Digest, Format(m.Platform)!))
                    .ToList();
            images.Add(new ImageTreeImage(names, group.Key, group.Max(r => r.Created), platforms));
        }

        return images.OrderByDescending(i => i.Created ?? DateTimeOffset.MinValue).ToList();
    }

    // The index an image was pulled through, when the store kept it; else the manifest itself.
    private static Digest TopOf(ImageStore store, ImageRecord record) =>
        record.RepoDigest is { } repoDigest && repoDigest != record.Manifest && ReadIndex(store, repoDigest) is not null ? repoDigest : record.Manifest;

    private static ImageIndex? ReadIndex(ImageStore store, Digest digest)
    {
        if (!store.HasBlob(digest))
        {
            return null;
        }

        try
        {
            using var stream = store.OpenBlob(digest);
            var index = JsonSerializer.Deserialize(stream, ManifestJsonContext.Default.ImageIndex);
            return index is { Manifests.Count: > 0 } && index.MediaType is not (MediaTypes.OciManifest or MediaTypes.DockerManifest) ? index : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ImageTreePlatform Platform(ImageStore store, ImageRecord? record, Digest manifest, string platform)
    {
        if (record is null || store.MissingBlob(record) is not null || store.ReadManifest(manifest) is not { } image)
        {
            return new ImageTreePlatform(platform, manifest, Available: false, Size: 0, Used: false);
        }

        var size = record.ManifestSize + image.Config.Size + image.Layers.Sum(l => l.Size);
        return new ImageTreePlatform(platform, manifest, Available: true, size, Used: store.ProjectsUsing(record.Config).Count > 0);
    }

    /// <summary>os/arch[/variant] of a stored image: its index entry's platform, else its config's.</summary>
    internal static string PlatformOf(ImageStore store, ImageRecord record) => Format(record.Platform) ?? ConfigPlatform(store, record);

    // containerd's platforms.Format: os/arch/variant, empty parts left out.
    private static string? Format(PlatformSpec? platform) =>
        platform is null ? null : string.Join("/", new[] { platform.Os, platform.Architecture, platform.Variant }.Where(p => !string.IsNullOrEmpty(p)));

    private static string ConfigPlatform(ImageStore store, ImageRecord record)
    {
        var config = store.ReadConfig(record.Config);
        return string.Join("/", new[] { config.Os, config.Architecture, config.Variant }.Where(p => !string.IsNullOrEmpty(p)));
    }
}
