using System.Globalization;
using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>
/// The local image store: an OCI image layout (oci-layout, index.json, blobs/ALG/HEX), readable by skopeo's oci:
/// transport. Blobs are content-addressed, so a layer shared by images is stored once. Nothing unverified is ever
/// visible: blobs arrive through <see cref="BlobIngest"/>, index.json is replaced atomically under a cross-process lock.
/// Our own bookkeeping (temp files, the lock, per-layer facts) lives under <c>imagetasks/</c> beside the layout.
/// </summary>
public sealed class ImageStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Temp files older than this belong to a process that died; younger ones may be in use.</summary>
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(6);

    public ImageStore(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }

    private string IndexPath => Path.Combine(Root, "index.json");

    private string PrivateFolder => Path.Combine(Root, "imagetasks");

    private string TempFolder => Path.Combine(PrivateFolder, "tmp");

    public string BlobPath(Digest digest) => Path.Combine(Root, "blobs", digest.Algorithm, digest.Hex);

    public bool HasBlob(Digest digest) => File.Exists(BlobPath(digest));

    public Stream OpenBlob(Digest digest) =>
        new FileStream(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);

    /// <summary>Starts writing a blob; commit it once its bytes are all written.</summary>
    public BlobIngest BeginIngest(Digest expected)
    {
        EnsureLayout();
        return new BlobIngest(this, Path.Combine(TempFolder, $"{expected.Hex[..12]}-{Guid.NewGuid():N}"), expected);
    }

    /// <summary>Writes a small document (manifest, config, index) whose bytes are already in memory.</summary>
    public async Task PutBlobAsync(byte[] bytes, Digest expected, CancellationToken cancellationToken)
    {
        if (HasBlob(expected))
        {
            return;
        }

        using var ingest = BeginIngest(expected);
        await ingest.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await ingest.CommitAsync(bytes.Length, cancellationToken).ConfigureAwait(false);
    }

    internal void MoveIntoPlace(string tempPath, Digest digest)
    {
        var target = BlobPath(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.Delete(tempPath); // another pull stored the same content first; content addressing makes them equal
            return;
        }

        File.Move(tempPath, target, overwrite: true);
    }

    public IReadOnlyList<ImageRecord> ListImages() => ReadIndex().Records;

    /// <summary>Changes the index under the store lock: reads it fresh, applies the change, replaces it atomically.</summary>
    public async Task<T> UpdateIndexAsync<T>(Func<List<ImageRecord>, T> change, CancellationToken cancellationToken)
    {
        EnsureLayout();
        using var storeLock = await StoreLock.AcquireAsync(Path.Combine(PrivateFolder, "lock"), LockTimeout, cancellationToken).ConfigureAwait(false);
        var (records, foreign) = ReadIndex();
        var list = records.ToList();
        var result = change(list);
        WriteIndex(list, foreign);
        return result;
    }

    public LayerInfo? GetLayerInfo(Digest layer)
    {
        var path = LayerInfoPath(layer);
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Split(' ');
        return parts.Length == 2 && Digest.TryParse(parts[0], out var diffId) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var size)
            ? new LayerInfo(diffId, size)
            : null;
    }

    public void PutLayerInfo(Digest layer, LayerInfo info) =>
        WriteAtomically(LayerInfoPath(layer), System.Text.Encoding.UTF8.GetBytes($"{info.DiffId} {info.UncompressedSize.ToString(CultureInfo.InvariantCulture)}"));

    private string LayerInfoPath(Digest layer) => Path.Combine(PrivateFolder, "layers", $"{layer.Algorithm}-{layer.Hex}");

    private (IReadOnlyList<ImageRecord> Records, List<Descriptor> Foreign) ReadIndex()
    {
        if (!File.Exists(IndexPath))
        {
            return ([], []);
        }

        ImageIndex index;
        try
        {
            using var stream = new FileStream(IndexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            index = JsonSerializer.Deserialize(stream, ManifestJsonContext.Default.ImageIndex) ?? new ImageIndex();
        }
        catch (JsonException e)
        {
            throw new StoreException($"the store's index {IndexPath} is damaged: {e.Message}", e);
        }

        var records = new List<ImageRecord>();
        var foreign = new List<Descriptor>();
        foreach (var descriptor in index.Manifests)
        {
            if (ImageRecord.FromDescriptor(descriptor) is { } record)
            {
                records.Add(record);
            }
            else
            {
                foreign.Add(descriptor); // written by another tool (skopeo copy into the layout): kept as it is
            }
        }

        return (records, foreign);
    }

    private void WriteIndex(List<ImageRecord> records, List<Descriptor> foreign)
    {
        var index = new ImageIndex
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.OciIndex,
            Manifests = [.. records.Select(r => r.ToDescriptor()), .. foreign],
        };
        WriteAtomically(IndexPath, JsonSerializer.SerializeToUtf8Bytes(index, ManifestJsonContext.Default.ImageIndex));
    }

    /// <summary>Temp file in the same folder tree, flushed, then renamed over the target: readers see old or new, never half.</summary>
    private void WriteAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(TempFolder, $"{Path.GetFileName(path)}-{Guid.NewGuid():N}");
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private void EnsureLayout()
    {
        if (Directory.Exists(TempFolder))
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(Root, "blobs", "sha256"));
        Directory.CreateDirectory(TempFolder);
        var layout = Path.Combine(Root, "oci-layout");
        if (!File.Exists(layout))
        {
            WriteAtomically(layout, "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray());
        }
    }

    /// <summary>Removes temp files a crashed process left behind (the next run cleans up, as the design promises).</summary>
    public void CleanStaleTempFiles()
    {
        if (!Directory.Exists(TempFolder))
        {
            return;
        }

        foreach (var file in new DirectoryInfo(TempFolder).EnumerateFiles())
        {
            if (DateTime.UtcNow - file.LastWriteTimeUtc > StaleTempAge)
            {
                file.Delete();
            }
        }
    }
}
