using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Images;

/// <summary>Images from a registry over the distribution API: HEAD for what a tag points to, GET for the rest.</summary>
public sealed class RegistrySource : IImageSource
{
    private readonly RegistryClient _registry;

    public RegistrySource(RegistryClient registry) => _registry = registry;

    public string Name => "the registry";

    public Task<ManifestHead> HeadAsync(ImageReference reference, CancellationToken cancellationToken) =>
        _registry.HeadManifestAsync(reference.Repository, ManifestKey(reference), cancellationToken);

    public Task<ManifestDocument> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken) =>
        _registry.GetManifestAsync(reference.Repository, ManifestKey(reference), cancellationToken);

    public Task<Stream> OpenBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken) =>
        _registry.OpenBlobAsync(repository, blob.Digest, blob.Size, cancellationToken);

    /// <summary>What a manifest request names: the digest when the reference pins one (it wins over a tag), else the tag.</summary>
    internal static string ManifestKey(ImageReference reference) => reference.Digest?.ToString() ?? reference.Tag ?? "latest";
}
