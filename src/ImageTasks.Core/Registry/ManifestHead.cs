using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>What a HEAD on a manifest tells without downloading it.</summary>
public sealed record ManifestHead(Digest Digest, string MediaType, long Size);
