namespace ImageTasks.Core.Operations.Lock;

/// <summary>
/// One base image as the project's evaluation gives it (an item of the CollectBaseImages target): a BaseImage item,
/// ContainerBaseImage, or the image the .NET SDK infers for container publishing.
/// </summary>
/// <param name="Reference">the reference as evaluated (properties and conditions applied)</param>
/// <param name="Platforms">the item's Platforms metadata, if any</param>
/// <param name="RuntimeIdentifiers">runtime identifiers whose platforms it must serve (the SDK's ContainerRuntimeIdentifier(s) for its inferred image)</param>
public sealed record DeclaredImage(string Reference, string? Platforms = null, string? RuntimeIdentifiers = null);

/// <summary>
/// A project's base images exactly as its build sees them, and the lock file that pins them: the one model the build's
/// ResolveDigest task and the CLI's <c>lock</c> and <c>outdated</c> share, so both turn the same evaluation into the
/// same requests.
/// </summary>
public sealed record ProjectImages(string ProjectPath, string LockFilePath, IReadOnlyList<DeclaredImage> Images)
{
    /// <summary>The project's ImagePlatforms property.</summary>
    public string? ImagePlatforms { get; init; }

    /// <summary>The project's RuntimeIdentifier property.</summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary>The project's RuntimeIdentifiers property.</summary>
    public string? RuntimeIdentifiers { get; init; }

    /// <summary>What one image needs pinned: its reference and platforms (<see cref="PlatformDefaults"/> decides which).</summary>
    public BaseImageRequest Request(DeclaredImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new(image.Reference, PlatformDefaults.Resolve(image.Platforms, image.RuntimeIdentifiers, ImagePlatforms, RuntimeIdentifier, RuntimeIdentifiers));
    }

    /// <summary>
    /// The requests of every project that shares one lock file, one per reference (by its full form, as the lock keys
    /// it) with every platform any of them needs, in the order first met: the lock is then written once with all of them.
    /// </summary>
    public static IReadOnlyList<BaseImageRequest> Merge(IEnumerable<ProjectImages> projects)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var merged = new List<BaseImageRequest>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var request in projects.SelectMany(p => p.Images.Select(p.Request)))
        {
            var key = LockOperation.Key(request);
            if (index.TryGetValue(key, out var at))
            {
                merged[at] = merged[at] with { Platforms = merged[at].Platforms.Concat(request.Platforms).Distinct().ToList() };
            }
            else
            {
                index[key] = merged.Count;
                merged.Add(request);
            }
        }

        return merged;
    }
}
