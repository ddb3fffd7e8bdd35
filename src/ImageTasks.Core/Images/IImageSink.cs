using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Images;

/// <summary>Opens a blob's bytes from the start; a sink may call it again (a registry that refused a one-shot upload).</summary>
public delegate Task<Stream> BlobOpener(CancellationToken cancellationToken);

/// <summary>
/// Where images go: the local store (a pull), a registry (a push); next an archive. Blobs first, the manifest last, so
/// a sink never names an image whose content it lacks.
/// </summary>
public interface IImageSink
{
    /// <summary>For messages: "registry 127.0.0.1:5000", "the image store".</summary>
    string Name { get; }

    /// <summary>Whether the repository already holds the blob (then it need not be sent).</summary>
    Task<bool> HasBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken);

    /// <summary>Stores a blob (a config, or a layer), verified against its descriptor's digest and size before it becomes visible.</summary>
    /// <param name="diffId">for a layer, the digest of its uncompressed content (the config's rootfs.diff_ids), which a
    /// sink that unpacks checks too; null for a config</param>
    /// <param name="sent">receives the count of bytes read from the source so far</param>
    Task<BlobStored> PutBlobAsync(Repository repository, Descriptor blob, Digest? diffId, BlobOpener open, Action<long>? sent, CancellationToken cancellationToken);

    /// <summary>Stores a manifest or index under the reference's tag (or only by digest); returns its digest.</summary>
    Task<Digest> PutManifestAsync(ImageReference target, ManifestDocument manifest, CancellationToken cancellationToken);
}

/// <summary>How a blob got into a sink.</summary>
/// <param name="Layer">what the sink learnt of a layer when it read it (its diff_id and unpacked size); null when it did not read it</param>
/// <param name="MountedFrom">the repository it was mounted from instead of being sent (a registry's cross-repository mount)</param>
public sealed record BlobStored(LayerInfo? Layer, string? MountedFrom = null);
