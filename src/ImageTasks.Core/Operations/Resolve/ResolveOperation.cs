using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Operations.Resolve;

/// <summary>
/// Resolve: the digest a tag points to now, without pulling. Without platforms one HEAD answers (it falls back to GET
/// when a registry announces no digest; on Docker Hub a HEAD does not count as a pull). With platforms the manifest is
/// read: an index names each platform's manifest digest; a single-platform image must match every platform asked for,
/// which its config tells.
/// </summary>
public sealed class ResolveOperation
{
    private readonly RegistryClient _registry;

    public ResolveOperation(RegistryClient registry) => _registry = registry;

    public async Task<ResolveResult> ExecuteAsync(ResolveOptions options, CancellationToken cancellationToken)
    {
        var reference = options.Reference;
        var repository = reference.Repository;
        var tagOrDigest = reference.Digest?.ToString() ?? reference.Tag!;
        if (options.Platforms.Count == 0)
        {
            var head = await _registry.HeadManifestAsync(repository, tagOrDigest, cancellationToken).ConfigureAwait(false);
            return new ResolveResult(reference, head.Digest, head.MediaType, new Dictionary<Platform, Digest>());
        }

        var top = await _registry.GetManifestAsync(repository, tagOrDigest, cancellationToken).ConfigureAwait(false);
        var digests = new Dictionary<Platform, Digest>();
        if (top.Index is { } index)
        {
            foreach (var platform in options.Platforms)
            {
                digests[platform] = PlatformSelection.SelectFromIndex(index, platform, reference).Digest;
            }
        }
        else
        {
            var config = await _registry.GetImageConfigAsync(repository, top.Manifest!.Config, cancellationToken).ConfigureAwait(false);
            var actual = config.ToPlatform();
            foreach (var platform in options.Platforms)
            {
                PlatformSelection.EnsureMatches(reference, platform, actual);
                digests[platform] = top.Digest;
            }
        }

        return new ResolveResult(reference, top.Digest, top.MediaType, digests);
    }
}
