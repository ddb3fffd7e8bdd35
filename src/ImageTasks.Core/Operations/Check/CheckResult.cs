namespace ImageTasks.Core.Operations.Check;

/// <param name="Findings">what is wrong, in the order found (blobs, entries, leftovers, roots)</param>
/// <param name="Blobs">blobs verified against their digests</param>
/// <param name="Images">index entries checked</param>
/// <param name="Roots">project roots checked</param>
public sealed record CheckResult(IReadOnlyList<CheckFinding> Findings, int Blobs, int Images, int Roots)
{
    /// <summary>Nothing wrong is left: nothing was found, or everything found was repaired.</summary>
    public bool Clean => Findings.All(f => f.Repaired);
}
