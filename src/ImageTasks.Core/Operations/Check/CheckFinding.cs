namespace ImageTasks.Core.Operations.Check;

/// <summary>What is wrong with a part of the store.</summary>
public enum CheckProblem
{
    /// <summary>A blob whose bytes do not hash to its name, or a layer whose content does not match its config's diff_id.</summary>
    CorruptBlob,

    /// <summary>An index entry that names a blob the store lacks (or a manifest that names another config).</summary>
    DeadEntry,

    /// <summary>A blob nothing names and no live process has leased.</summary>
    OrphanBlob,

    /// <summary>A temp file, lease or owner mark of a process that is no longer running.</summary>
    TempFile,

    /// <summary>Layer facts (diff_id and size) that disagree with the layer, or whose blob is gone.</summary>
    LayerFacts,

    /// <summary>A project root whose project (or lock file) is gone, or that cannot be read.</summary>
    DeadRoot,
}

/// <param name="Subject">a digest, a reference, or a path relative to the store</param>
/// <param name="Detail">what is wrong, in a few words</param>
/// <param name="Bytes">the bytes it holds on disk (what repairing it frees)</param>
/// <param name="Repair">what --repair did about it; null when nothing was done</param>
public sealed record CheckFinding(CheckProblem Problem, string Subject, string Detail, long Bytes = 0, string? Repair = null)
{
    public bool Repaired => Repair is not null;
}
