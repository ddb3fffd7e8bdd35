using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Inspect;

/// <param name="Reference">what was inspected, with its default tag</param>
/// <param name="Document">the manifest or index the reference points to, exactly as received</param>
/// <param name="Entries">verbose only: each manifest of an index in index order, or the single manifest itself</param>
public sealed record ManifestInspection(ImageReference Reference, ManifestDocument Document, IReadOnlyList<ManifestEntry> Entries);
