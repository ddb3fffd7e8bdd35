using ImageTasks.Core.Images;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Resolution;

namespace ImageTasks.Core.Operations.Resolve;

/// <summary>
/// Resolve (`dotnet image digest`): the digest a tag points to now, without pulling. Without platforms one HEAD answers
/// (GET when a registry announces no digest; on Docker Hub a HEAD does not count as a pull). With platforms, the
/// resolver's answer, and Docker's error for a platform the image lacks.
/// </summary>
public sealed class ResolveOperation
{
    private readonly ImageResolver _resolver;

    public ResolveOperation(RegistryClient registry) => _resolver = new ImageResolver(new MirroredRegistrySource(registry));

    public async Task<ResolveResult> ExecuteAsync(ResolveOptions options, CancellationToken cancellationToken)
    {
        var reference = options.Reference;
        if (options.Platforms.Count == 0)
        {
            var head = await _resolver.CurrentAsync(reference, cancellationToken).ConfigureAwait(false);
            return new ResolveResult(reference, head.Digest, head.MediaType, new Dictionary<Platform, Digest>());
        }

        var resolution = await _resolver.ResolveAsync(reference, options.Platforms, cancellationToken).ConfigureAwait(false);
        var digests = options.Platforms.ToDictionary(p => p, resolution.Require);
        return new ResolveResult(reference, resolution.Digest, resolution.Top.MediaType, digests);
    }
}
