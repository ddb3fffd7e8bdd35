using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Resolve;

/// <summary>What to resolve: a reference (no tag means "latest") and, optionally, the platforms whose manifests are wanted.</summary>
public sealed record ResolveOptions
{
    public ResolveOptions(ImageReference reference, IReadOnlyList<Platform>? platforms = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Reference = reference.WithDefaultTag();
        Platforms = (platforms ?? []).Select(p => p.Normalize()).Distinct().ToList();
    }

    public ImageReference Reference { get; }

    /// <summary>Empty: only the digest the reference points to, from a HEAD request.</summary>
    public IReadOnlyList<Platform> Platforms { get; }
}
