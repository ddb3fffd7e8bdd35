using System.Text.Json;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;
using ImageTasks.Core.Store.Ingest;

namespace ImageTasks.Core.Archives;

/// <summary>
/// An archive being written as an image sink, in the form docker 25+ saves: an OCI layout (<c>oci-layout</c>,
/// <c>index.json</c>, <c>blobs/sha256/...</c> and, for a sha512-digested blob, <c>blobs/sha512/...</c>) and, in the same tar over the same blobs, docker's <c>manifest.json</c>
/// and <c>repositories</c>. So docker load (20.10 reads manifest.json, 25+ either), podman load and skopeo's
/// docker-archive: and oci-archive: all read it. Blobs are written once each, as the store holds them (a registry's
/// compressed layers stay compressed; docker load inflates them), streamed and hashed on the way; the manifest is
/// written byte for byte, so the image keeps its digest. <see cref="FinishAsync"/> writes the documents last.
/// </summary>
public sealed class ArchiveSink : IImageSink
{
    private readonly TarStreamWriter _tar;
    private readonly HashSet<Digest> _written = [];
    private readonly List<Descriptor> _index = [];
    private readonly List<DockerArchiveEntry> _manifest = [];
    private readonly Dictionary<string, Dictionary<string, string>> _repositories = new(StringComparer.Ordinal);
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);

    public ArchiveSink(Stream output) => _tar = new TarStreamWriter(output);

    public string Name => "the archive";

    public Task<bool> HasBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken) => Task.FromResult(_written.Contains(blob.Digest));

    public async Task<BlobStored> PutBlobAsync(Repository repository, Descriptor blob, Digest? diffId, BlobOpener open, Action<long>? sent, CancellationToken cancellationToken)
    {
        if (!_written.Add(blob.Digest))
        {
            return new BlobStored(null);
        }

        try
        {
            await StartAsync(blob.Digest, cancellationToken).ConfigureAwait(false);
            await using var content = await open(cancellationToken).ConfigureAwait(false);
            using var hashed = new HashingReadStream(content, blob.Digest.Algorithm);
            await _tar.AddFileAsync(BlobName(blob.Digest), blob.Size, hashed, cancellationToken).ConfigureAwait(false);
            // The archive cannot take back bytes it sent: a blob that does not match fails the save (no file gets the final name).
            if (hashed.Digest() is var actual && actual != blob.Digest)
            {
                throw new StoreException(DiagnosticCodes.ContentMismatch, $"blob {blob.Digest} failed verification while saving: its content has digest {actual} (run dotnet image check)");
            }
        }
        catch
        {
            _written.Remove(blob.Digest);
            throw;
        }

        sent?.Invoke(blob.Size);
        return new BlobStored(null);
    }

    /// <summary>Writes the manifest (once) and names it: a tag gives an index.json entry and a RepoTags entry; a digest names nothing.</summary>
    public async Task<Digest> PutManifestAsync(ImageReference target, ManifestDocument manifest, CancellationToken cancellationToken)
    {
        var image = manifest.Manifest ?? throw new ManifestException($"{target.ToFamiliarString()} is an index; save writes image manifests");
        await PutManifestBlobAsync(manifest, cancellationToken).ConfigureAwait(false);
        NameImage(target, manifest, image);
        return manifest.Digest;
    }

    /// <summary>
    /// Names an image through the image index it was pulled by: index.json points at the index, byte for byte (so the
    /// digest a lock pins survives the trip), and docker's manifest.json at <paramref name="platform"/>, the one
    /// platform docker's own loader takes. The other platforms the store holds are written by the caller
    /// (<see cref="PutManifestBlobAsync"/>); platforms it does not hold are left out, their entries dangling in the index.
    /// </summary>
    public async Task PutIndexAsync(ImageReference target, ManifestDocument index, ManifestDocument platform, CancellationToken cancellationToken)
    {
        var image = platform.Manifest ?? throw new ManifestException($"{target.ToFamiliarString()} names an index in its index; save writes image manifests");
        await PutManifestBlobAsync(platform, cancellationToken).ConfigureAwait(false);
        await PutManifestBlobAsync(index, cancellationToken).ConfigureAwait(false);
        NameImage(target, index, image);
    }

    /// <summary>Writes a manifest's (or an index's) bytes once, naming nothing.</summary>
    public async Task PutManifestBlobAsync(ManifestDocument manifest, CancellationToken cancellationToken)
    {
        if (_written.Add(manifest.Digest))
        {
            await StartAsync(manifest.Digest, cancellationToken).ConfigureAwait(false);
            await _tar.AddFileAsync(BlobName(manifest.Digest), manifest.Bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <param name="top">what index.json names: the image's manifest, or the index it was pulled by</param>
    /// <param name="image">the image manifest docker's manifest.json names</param>
    private void NameImage(ImageReference target, ManifestDocument top, ImageManifest image)
    {
        var descriptor = new Descriptor { MediaType = top.MediaType, Digest = top.Digest, Size = top.Bytes.Length };
        var entry = _manifest.FirstOrDefault(e => e.Config == BlobName(image.Config.Digest) && e.Layers!.SequenceEqual(image.Layers.Select(l => BlobName(l.Digest))));
        if (entry is null)
        {
            entry = new DockerArchiveEntry { Config = BlobName(image.Config.Digest), RepoTags = [], Layers = image.Layers.Select(l => BlobName(l.Digest)).ToList() };
            _manifest.Add(entry);
        }

        if (target.Tag is { } tag && target.Digest is null)
        {
            // docker 25+'s annotations: containerd's full name, and the tag alone as the OCI ref.name.
            _index.Add(descriptor with
            {
                Annotations = new() { ["io.containerd.image.name"] = target.ToString(), [ImageRecord.RefNameAnnotation] = tag },
            });
            entry.RepoTags!.Add(target.ToFamiliarString());
            if (image.Layers.Count > 0)
            {
                var tags = _repositories.TryGetValue(target.FamiliarRepository, out var known) ? known : _repositories[target.FamiliarRepository] = new(StringComparer.Ordinal);
                tags[tag] = image.Layers[^1].Digest.Hex;
            }
        }
        else if (!_index.Any(d => d.Digest == top.Digest))
        {
            _index.Add(descriptor);
        }
    }

    /// <summary>Writes index.json, manifest.json, oci-layout and repositories, then the tar's end.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await StartAsync(null, cancellationToken).ConfigureAwait(false);
        var index = new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = _index };
        await _tar.AddFileAsync("index.json", JsonSerializer.SerializeToUtf8Bytes(index, ManifestJsonContext.Default.ImageIndex), cancellationToken).ConfigureAwait(false);
        var manifest = _manifest.Select(e => e.RepoTags!.Count == 0 ? e with { RepoTags = null } : e).ToList();
        await _tar.AddFileAsync("manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, ArchiveJsonContext.Default.ListDockerArchiveEntry), cancellationToken).ConfigureAwait(false);
        await _tar.AddFileAsync("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        if (_repositories.Count > 0)
        {
            await _tar.AddFileAsync("repositories", JsonSerializer.SerializeToUtf8Bytes(_repositories, ArchiveJsonContext.Default.DictionaryStringDictionaryStringString), cancellationToken).ConfigureAwait(false);
        }

        await _tar.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A blob's name in an OCI layout: <c>blobs/ALGORITHM/HEX</c>.</summary>
    internal static string BlobName(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";

    /// <summary>
    /// The folders come before their files, as in docker's archives (some readers create a file's folder only from its own
    /// entry): <c>blobs/sha256</c> first, <c>blobs/sha512</c> before the first blob of that algorithm.
    /// </summary>
    private async Task StartAsync(Digest? blob, CancellationToken cancellationToken)
    {
        foreach (var folder in (string[])["blobs", "blobs/sha256", $"blobs/{blob?.Algorithm ?? "sha256"}"])
        {
            if (_folders.Add(folder))
            {
                await _tar.AddFolderAsync(folder, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
