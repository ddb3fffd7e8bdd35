namespace ImageTasks.Core.Store;

/// <summary>What a leftover is: a dead process's file, a blob nothing needs, or facts about a blob that is gone.</summary>
public enum LeftoverKind
{
    /// <summary>A temp file, lease or owner mark of a process that is no longer running.</summary>
    Temp,

    /// <summary>A blob no index entry and no live lease needs (committed by a pull that died before naming it).</summary>
    Orphan,

    /// <summary>The recorded facts (diff_id, size) of a layer blob that is gone.</summary>
    LayerFacts,
}

/// <param name="Subject">the blob's digest, or the file's path relative to the store</param>
/// <param name="Bytes">its size on disk</param>
/// <param name="Detail">why it is a leftover, in a few words</param>
public sealed record StoreLeftover(LeftoverKind Kind, string Subject, long Bytes, string Detail)
{
    internal string Path { get; init; } = "";
}
