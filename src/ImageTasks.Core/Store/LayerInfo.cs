using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>What was learnt about a layer when it was verified: its diff_id and the size of its files unpacked (Docker's SIZE).</summary>
public sealed record LayerInfo(Digest DiffId, long ContentSize);
