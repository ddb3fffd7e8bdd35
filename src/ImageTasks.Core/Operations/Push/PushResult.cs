using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Push;

/// <param name="Reference">the tag pushed (full)</param>
/// <param name="Digest">the manifest's digest on the registry: the stored bytes' digest, unchanged</param>
/// <param name="Size">the manifest's size in bytes</param>
public sealed record PushResult(
    ImageReference Reference,
    Digest Digest,
    int Size,
    int LayersPushed,
    int LayersMounted,
    int LayersExisting);
