using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>What was learnt about a layer when it was verified: its diff_id and uncompressed size.</summary>
public sealed record LayerInfo(Digest DiffId, long UncompressedSize);
