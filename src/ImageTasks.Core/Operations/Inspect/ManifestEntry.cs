using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Inspect;

/// <summary>One image manifest as docker manifest inspect -v shows it.</summary>
/// <param name="Reference">the reference asked for, pinned to this manifest's digest when it came from an index</param>
/// <param name="Descriptor">media type, digest and size of the manifest, with its platform (from the index entry, or
/// from the config for a single manifest)</param>
/// <param name="Document">the manifest exactly as the registry sent it</param>
public sealed record ManifestEntry(ImageReference Reference, Descriptor Descriptor, ManifestDocument Document);
