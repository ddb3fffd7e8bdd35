using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Resolution;

/// <summary>
/// The one resolver: reference -> manifest or index -> for each wanted platform the manifest that serves it (containerd's
/// matching and ranking) or "missing", plus what is on offer -> that manifest -> its config. Every command and build task
/// that asks "which image is this" asks here, against whichever source (registry, store, a chain of both) it was given.
/// </summary>
public sealed class ImageResolver
{
    public ImageResolver(IImageSource source) => Source = source;

    public IImageSource Source { get; }

    /// <summary>What the reference points to now, as cheaply as the source can tell (a registry: one HEAD).</summary>
    public Task<ManifestHead> CurrentAsync(ImageReference reference, CancellationToken cancellationToken) =>
        Source.HeadAsync(reference.WithDefaultTag(), cancellationToken);

    public async Task<ImageResolution> ResolveAsync(ImageReference reference, IReadOnlyList<Platform> wanted, CancellationToken cancellationToken)
    {
        reference = reference.WithDefaultTag();
        var top = await Source.GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        return await ResolveAsync(reference, top, wanted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="ResolveAsync(ImageReference, IReadOnlyList{Platform}, CancellationToken)"/> for a top document already in hand.</summary>
    public async Task<ImageResolution> ResolveAsync(ImageReference reference, ManifestDocument top, IReadOnlyList<Platform> wanted, CancellationToken cancellationToken)
    {
        var platforms = wanted.Select(p => p.Normalize()).Distinct().ToList();
        var chosen = new Dictionary<Platform, Digest>();
        var missing = new List<Platform>();
        if (top.Index is { } index)
        {
            var candidates = PlatformSelection.Candidates(index);
            foreach (var platform in platforms)
            {
                if (PlatformSelection.Best(candidates, platform) is { } best)
                {
                    chosen[platform] = best.Digest;
                }
                else
                {
                    missing.Add(platform);
                }
            }

            var offered = candidates.Select(c => c.Platform!.ToPlatform()).Distinct().ToList();
            return new ImageResolution(reference, top, offered, chosen, missing, null);
        }

        var image = new SourceImage(Source, reference.Repository, top);
        var own = (await image.GetConfigAsync(cancellationToken).ConfigureAwait(false)).Config.ToPlatform();
        foreach (var platform in platforms)
        {
            if (new PlatformMatcher(platform).Matches(own))
            {
                chosen[platform] = top.Digest;
            }
            else
            {
                missing.Add(platform);
            }
        }

        return new ImageResolution(reference, top, [own], chosen, missing, image);
    }

    /// <summary>The image that serves <paramref name="platform"/>: the single image itself, or the index entry's manifest.</summary>
    public async Task<SourceImage> ImageAsync(ImageResolution resolution, Platform platform, CancellationToken cancellationToken)
    {
        var digest = resolution.Require(platform);
        if (resolution.Single is { } single)
        {
            return single;
        }

        return await ImageAsync(resolution.Reference, digest, $"the entry for {platform}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The image manifest <paramref name="digest"/> of the reference's repository (an index entry, a lock's pin).</summary>
    public async Task<SourceImage> ImageAsync(ImageReference reference, Digest digest, string what, CancellationToken cancellationToken)
    {
        var document = await Source.GetManifestAsync(reference.Repository.WithDigest(digest), cancellationToken).ConfigureAwait(false);
        return document.Manifest is null
            ? throw new ManifestException($"{reference.ToFamiliarString()}: {what} is not an image manifest ({document.MediaType})")
            : new SourceImage(Source, reference.Repository, document);
    }
}
