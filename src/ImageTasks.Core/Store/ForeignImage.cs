using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>
/// An image another tool put into the layout (skopeo <c>oci:DIR:mytag</c>, umoci, crane, buildah, buildx
/// <c>type=oci</c>): an index.json entry for an image manifest, named by <c>io.containerd.image.name</c> (a full
/// reference) or else <c>org.opencontainers.image.ref.name</c> (often short: <c>mytag</c>, <c>alpine:edge</c>), read
/// as a docker name the way a user would type it (<c>mytag</c> is <c>mytag:latest</c>). Such an image is listed and used
/// like one of ours; its entry stays byte for byte as the other tool wrote it until a command changes it.
/// </summary>
internal static class ForeignImage
{
    private const string ContainerdNameAnnotation = "io.containerd.image.name";

    /// <summary>The image the entry names, or null when it is not one we can use (an index, no name, blobs missing).</summary>
    public static ImageRecord? Adopt(ForeignEntry entry, ImageStore store)
    {
        Descriptor? descriptor;
        try
        {
            descriptor = JsonSerializer.Deserialize(entry.Json, ManifestJsonContext.Default.Descriptor);
        }
        catch (JsonException)
        {
            return null; // not a descriptor we understand: kept untouched, not listed
        }

        if (descriptor is null || !MediaTypes.IsImageManifest(descriptor.MediaType) || Name(descriptor) is not { } name)
        {
            return null;
        }

        ImageManifest? manifest;
        try
        {
            manifest = store.ReadManifest(descriptor.Digest);
        }
        catch (JsonException)
        {
            return null;
        }

        if (manifest is null || !store.HasBlob(manifest.Config.Digest))
        {
            return null;
        }

        var created = ReadCreated(store, manifest.Config.Digest);
        return new ImageRecord
        {
            Manifest = descriptor.Digest,
            MediaType = descriptor.MediaType,
            ManifestSize = descriptor.Size,
            Config = manifest.Config.Digest,
            Reference = name.Digest is null ? name : null,
            Repository = name.Repository,
            RepoDigest = name.Digest,
            Platform = descriptor.Platform,
            Created = created,
            // The unpacked size is known once the layers were measured (see ListOperation); until then the sum of what is.
            Size = manifest.Layers.Sum(l => store.GetLayerInfo(l.Digest)?.ContentSize ?? 0),
            Foreign = entry,
        };
    }

    private static ImageReference? Name(Descriptor descriptor)
    {
        var annotations = descriptor.Annotations;
        if (annotations is null)
        {
            return null;
        }

        foreach (var key in (ReadOnlySpan<string>)[ContainerdNameAnnotation, ImageRecord.RefNameAnnotation])
        {
            if (annotations.TryGetValue(key, out var text) && ImageReference.TryParse(text, out var reference, out _))
            {
                return reference.Tag is null && reference.Digest is null ? reference.WithTag("latest") : reference;
            }
        }

        return null;
    }

    private static DateTimeOffset? ReadCreated(ImageStore store, Digest config)
    {
        try
        {
            return store.ReadConfig(config).Created;
        }
        catch (ImageTasksException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
