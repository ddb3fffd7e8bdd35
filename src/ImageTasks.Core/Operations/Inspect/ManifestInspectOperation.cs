using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Resolution;

namespace ImageTasks.Core.Operations.Inspect;

/// <summary>
/// manifest inspect: the remote manifest or index a reference points to, as received. Verbose also reads every manifest
/// an index lists (by digest, each checked against it), or a single manifest's config to learn its platform.
/// </summary>
public sealed class ManifestInspectOperation
{
    private readonly ImageResolver _resolver;

    public ManifestInspectOperation(RegistryClient registry) => _resolver = new ImageResolver(new MirroredRegistrySource(registry));

    public async Task<ManifestInspection> ExecuteAsync(ManifestInspectOptions options, CancellationToken cancellationToken)
    {
        var reference = options.Reference;
        var top = await _resolver.Source.GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        if (!options.Verbose)
        {
            return new ManifestInspection(reference, top, []);
        }

        if (top.Index is { } index)
        {
            var entries = await Task.WhenAll(index.Manifests.Select(async descriptor =>
            {
                var document = await _resolver.Source.GetManifestAsync(reference.Repository.WithDigest(descriptor.Digest), cancellationToken).ConfigureAwait(false);
                return new ManifestEntry(reference.WithDigest(document.Digest), Describe(document, descriptor.Platform), document);
            })).ConfigureAwait(false);
            return new ManifestInspection(reference, top, entries);
        }

        // The resolver reads a single manifest's config to tell its platform; the config's own fields, not normalised.
        var resolution = await _resolver.ResolveAsync(reference, top, [], cancellationToken).ConfigureAwait(false);
        var config = (await resolution.Single!.GetConfigAsync(cancellationToken).ConfigureAwait(false)).Config;
        var platform = new PlatformSpec
        {
            Os = config.Os,
            Architecture = config.Architecture,
            OsVersion = string.IsNullOrEmpty(config.OsVersion) ? null : config.OsVersion,
            Variant = string.IsNullOrEmpty(config.Variant) ? null : config.Variant,
        };
        return new ManifestInspection(reference, top, [new ManifestEntry(reference, Describe(top, platform), top)]);
    }

    private static Descriptor Describe(ManifestDocument document, PlatformSpec? platform) =>
        new() { MediaType = document.MediaType, Digest = document.Digest, Size = document.Bytes.Length, Platform = platform };
}
