using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>Image configs read straight into memory, for what a manifest alone does not tell (its platform).</summary>
public sealed partial class RegistryClient
{
    /// <summary>Configs are small JSON documents; a descriptor claiming more is not one we will hold in memory.</summary>
    public const long MaxConfigSize = 16 * 1024 * 1024;

    /// <summary>Fetches the config a manifest names, checks its size and digest over the bytes received, and parses it.</summary>
    public async Task<ImageConfig> GetImageConfigAsync(Repository repository, Descriptor config, CancellationToken cancellationToken)
    {
        var digest = config.Digest;
        if (config.Size > MaxConfigSize)
        {
            throw new ManifestException($"image config {digest} of {repository} claims {config.Size} bytes; configs above {MaxConfigSize} bytes are refused");
        }

        using var buffer = new MemoryStream();
        await using (var blob = await OpenBlobAsync(repository, digest, config.Size, cancellationToken).ConfigureAwait(false))
        {
            await blob.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        var bytes = buffer.ToArray();
        var received = Digest.Compute(bytes);
        if (received != digest)
        {
            throw new ManifestException($"image config {digest} of {repository} does not match its digest: the registry sent content with digest {received}");
        }

        using var json = new MemoryStream(bytes, writable: false);
        return ImageConfigReader.Read(json, digest.ToString());
    }
}
