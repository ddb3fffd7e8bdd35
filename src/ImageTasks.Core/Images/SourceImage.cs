using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Images;

/// <summary>
/// One image of a source, read lazily: the manifest bytes as received, then the config (fetched once, verified, kept)
/// and a layer stream on demand. Every operation that needs an image's parts reads them through here, so there is one
/// way to read a manifest and a config whatever the source.
/// </summary>
public sealed class SourceImage
{
    /// <summary>Configs are small JSON documents; a descriptor claiming more is not one we will hold in memory.</summary>
    public const long MaxConfigSize = 16 * 1024 * 1024;

    private readonly IImageSource _source;
    private ConfigDocument? _config;

    public SourceImage(IImageSource source, Repository repository, ManifestDocument document)
    {
        _source = source;
        Repository = repository;
        Document = document;
        Manifest = document.Manifest ?? throw new ManifestException($"{repository.ToFamiliarString()}@{document.Digest} is an index ({document.MediaType}), not an image manifest");
    }

    public Repository Repository { get; }

    /// <summary>The manifest exactly as the source holds it: its digest is the image's distribution digest.</summary>
    public ManifestDocument Document { get; }

    public ImageManifest Manifest { get; }

    public Digest Digest => Document.Digest;

    public Descriptor ConfigDescriptor => Manifest.Config;

    public IReadOnlyList<Descriptor> Layers => Manifest.Layers;

    /// <summary>The config, read once from the source with its size bounded and its digest checked over the bytes received.</summary>
    public async Task<ConfigDocument> GetConfigAsync(CancellationToken cancellationToken)
    {
        if (_config is { } known)
        {
            return known;
        }

        var descriptor = ConfigDescriptor;
        var what = $"image config {descriptor.Digest} of {Repository.ToFamiliarString()}";
        if (descriptor.Size > MaxConfigSize)
        {
            throw new ManifestException($"{what} claims {descriptor.Size} bytes; configs above {MaxConfigSize} bytes are refused");
        }

        byte[] bytes;
        await using (var blob = await _source.OpenBlobAsync(Repository, descriptor, cancellationToken).ConfigureAwait(false))
        {
            bytes = await ReadBoundedAsync(blob, descriptor.Size, what, cancellationToken).ConfigureAwait(false);
        }

        var received = Digest.Compute(bytes);
        if (received != descriptor.Digest)
        {
            throw new ManifestException($"{what} does not match its digest: {_source.Name} sent content with digest {received}");
        }

        using var json = new MemoryStream(bytes, writable: false);
        _config = new ConfigDocument(bytes, descriptor.Digest, ImageConfigReader.Read(json, descriptor.Digest.ToString()));
        return _config;
    }

    /// <summary>
    /// The config's diff_ids, checked against the manifest: one per layer, in order. An image whose two halves disagree
    /// cannot be verified, so it is refused before any layer is read.
    /// </summary>
    public async Task<IReadOnlyList<Digest>> GetDiffIdsAsync(string what, CancellationToken cancellationToken)
    {
        var config = (await GetConfigAsync(cancellationToken).ConfigureAwait(false)).Config;
        if (config.RootFs.DiffIds.Count != Layers.Count)
        {
            throw new ManifestException(
                $"image {what} is inconsistent: its manifest lists {Layers.Count} layers but its config has {config.RootFs.DiffIds.Count} diff_ids");
        }

        return config.RootFs.DiffIds.Select(d => Digest.TryParse(d, out var digest)
            ? digest
            : throw new ManifestException($"image {what} has an invalid diff_id in its config: {(d.Length > 80 ? d[..80] + "..." : d)}")).ToList();
    }

    /// <summary>Opens a layer's bytes as the source sends them (unverified: a sink verifies them as it stores them).</summary>
    public BlobOpener OpenLayerAsync(Descriptor layer) => cancellationToken => _source.OpenBlobAsync(Repository, layer, cancellationToken);

    private static async Task<byte[]> ReadBoundedAsync(Stream blob, long declared, string what, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await blob.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            // Never more than the descriptor promised: a source that keeps sending is cut off at the first extra byte.
            if (buffer.Length + read > declared)
            {
                throw new ManifestException($"{what} is longer than the {declared} bytes its descriptor says");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>An image config with the exact bytes its digest was computed over (a sink stores those, never a re-serialisation).</summary>
public sealed record ConfigDocument(byte[] Bytes, Digest Digest, ImageConfig Config);
