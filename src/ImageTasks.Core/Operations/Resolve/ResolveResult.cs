using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Resolve;

/// <param name="Reference">what was resolved, with its default tag</param>
/// <param name="Digest">what the reference points to now: the index digest for a multi-platform image (Docker's RepoDigest)</param>
/// <param name="MediaType">the manifest or index media type</param>
/// <param name="PlatformDigests">per platform asked for, the digest of the manifest that serves it (the image's own
/// digest for a single-platform image); empty when no platform was asked for</param>
public sealed record ResolveResult(ImageReference Reference, Digest Digest, string MediaType, IReadOnlyDictionary<Platform, Digest> PlatformDigests);
