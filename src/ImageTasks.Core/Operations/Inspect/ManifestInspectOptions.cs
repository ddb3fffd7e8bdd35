using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Inspect;

/// <summary>Which remote manifest to show (no tag means "latest"), and whether to read what it points to as well.</summary>
public sealed record ManifestInspectOptions
{
    public ManifestInspectOptions(ImageReference reference, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Reference = reference.WithDefaultTag();
        Verbose = verbose;
    }

    public ImageReference Reference { get; }

    /// <summary>Also fetch each platform's manifest of an index, or the config of a single manifest (for its platform).</summary>
    public bool Verbose { get; }
}
