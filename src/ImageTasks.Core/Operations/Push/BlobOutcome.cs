namespace ImageTasks.Core.Operations.Push;

/// <summary>How a blob got to the registry: it was there, it was mounted from another repository, or it was uploaded.</summary>
internal sealed record BlobOutcome(BlobOutcomeKind Kind, string? MountedFrom = null)
{
    public static readonly BlobOutcome Existed = new(BlobOutcomeKind.Existed);

    public static readonly BlobOutcome Uploaded = new(BlobOutcomeKind.Uploaded);

    public static BlobOutcome Mounted(string from) => new(BlobOutcomeKind.Mounted, from);
}

internal enum BlobOutcomeKind
{
    Existed,
    Mounted,
    Uploaded,
}
