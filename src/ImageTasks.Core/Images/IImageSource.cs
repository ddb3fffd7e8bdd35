using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Images;

/// <summary>
/// Where images come from: a registry, the local store; next an archive, a mirror chain, the served store. Three
/// questions are enough to read any image lazily (see <see cref="SourceImage"/>): what does a tag point to, what are a
/// manifest's bytes, and a blob's. Adding a place images live means adding one of these, never a copy of the pull path.
/// </summary>
public interface IImageSource
{
    /// <summary>For messages: "registry 127.0.0.1:5000", "the image store".</summary>
    string Name { get; }

    /// <summary>
    /// The digest and media type the reference (its digest, else its tag) points to now, as cheaply as the source
    /// can tell (a registry: HEAD). Throws <see cref="ContentNotFoundException"/> when the source does not have it.
    /// </summary>
    Task<ManifestHead> HeadAsync(ImageReference reference, CancellationToken cancellationToken);

    /// <summary>
    /// The manifest or index the reference names, its bytes exactly as the source holds them and their digest checked
    /// against the reference's digest when it has one. Throws <see cref="ContentNotFoundException"/> when missing.
    /// </summary>
    Task<ManifestDocument> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken);

    /// <summary>
    /// A blob's bytes as a stream, not yet verified: whoever consumes it verifies them against <paramref name="blob"/>
    /// (the store's ingest, <see cref="SourceImage.GetConfigAsync"/>). Throws <see cref="ContentNotFoundException"/> when missing.
    /// </summary>
    Task<Stream> OpenBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken);
}
