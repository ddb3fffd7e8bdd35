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
public sealed partial class ImageStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    private readonly ProjectRoots _roots;
    private readonly Lock _ownerGate = new();
    private StoreOwner? _owner;

    public ImageStore(string root)
    {
        Root = Path.GetFullPath(root);
        if (File.Exists(Root))
        {
            throw new StoreException($"the image store {Root} is a file, not a folder: point IMAGETASKS_HOME, --store or ImageStorePath at a folder");
        }

        _roots = new ProjectRoots(Path.Combine(PrivateFolder, "roots"));
    }

    public string Root { get; }

    private string IndexPath => Path.Combine(Root, "index.json");

    private string PrivateFolder => Path.Combine(Root, "imagetasks");

    internal string TempFolder => Path.Combine(PrivateFolder, "tmp");

    internal string OwnersFolder => Path.Combine(PrivateFolder, "owners");

    internal string LeasesFolder => Path.Combine(PrivateFolder, "leases");

    internal string RootsFolder => Path.Combine(PrivateFolder, "roots");

    internal string BlobsFolder => Path.Combine(Root, "blobs");

    /// <summary>This store object's mark, made on its first write: temp files and leases are named after it.</summary>
    private StoreOwner Owner
    {
        get
        {
            lock (_ownerGate)
            {
                return _owner ??= StoreOwner.Create(OwnersFolder);
            }
        }
    }

    public string BlobPath(Digest digest) => Path.Combine(Root, "blobs", digest.Algorithm, digest.Hex);

    public bool HasBlob(Digest digest) => File.Exists(BlobPath(digest));

    public Stream OpenBlob(Digest digest) =>
        new FileStream(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);

    /// <summary>Starts writing a blob; commit it once its bytes are all written.</summary>
    public BlobIngest BeginIngest(Digest expected)
    {
        EnsureLayout();
        return new BlobIngest(this, Path.Combine(TempFolder, $"{Owner.Id}.{expected.Hex[..12]}-{Guid.NewGuid():N}"), expected);
    }

    /// <summary>
    /// A fresh temp file name for content that must be held before the store names it (a mirror's blob, checked first;
    /// an archive's entries, read before the archive says what they are): on the store's disk rather than a /tmp that may live in memory, and named as this process's own, so a sweep
    /// reclaims it if the process dies.
    /// </summary>
    internal string NewTempPath(string purpose)
    {
        EnsureLayout();
        return Path.Combine(TempFolder, $"{Owner.Id}.{purpose}-{Guid.NewGuid():N}");
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

    /// <summary>
    /// Changes the index under the store lock: reads it fresh, applies the change, replaces it atomically, then deletes
    /// the blobs that no remaining image references among those the entries removed by the change used. Blobs go only
    /// after the index no longer points at them, so a crash in between leaves unreferenced blobs, never missing ones.
    /// </summary>
    public async Task<T> UpdateIndexAsync<T>(Func<List<ImageRecord>, T> change, CancellationToken cancellationToken)
    {
        EnsureLayout();
        using var storeLock = await StoreLock.AcquireAsync(Path.Combine(PrivateFolder, "lock"), LockTimeout, cancellationToken).ConfigureAwait(false);
        var (records, foreign) = ReadIndex();
        var list = records.ToList();
        var result = change(list);
        WriteIndex(list, foreign, records.Where(r => r.Foreign is not null).ToHashSet());

        var remaining = list.Select(l => l.Manifest).ToHashSet();
        var removed = records.Where(r => !remaining.Contains(r.Manifest)).ToList();
        if (removed.Count > 0)
        {
            // What a pull in flight leased stays too: it found those blobs there, or is writing them (see StoreLease).
            var kept = list.SelectMany(BlobsOf).Concat(foreign.Where(f => f.Digest is not null).Select(f => f.Digest!.Value)).ToHashSet();
            kept.UnionWith(LeasedBlobs(reap: true));
            // Listed in full before the first delete: a manifest must still be readable to name its layers.
            foreach (var blob in removed.SelectMany(BlobsOf).Distinct().Where(b => !kept.Contains(b)).ToList())
            {
                DeleteBlob(blob);
            }
        }

        return result;
    }

    /// <summary>Every blob an index entry needs: its manifest, config, layers, and the index it was pulled through.</summary>
    public IEnumerable<Digest> BlobsOf(ImageRecord record)
    {
        yield return record.Manifest;
        yield return record.Config;
        if (record.RepoDigest is { } repoDigest && repoDigest != record.Manifest)
        {
            yield return repoDigest;
        }

        if (ReadManifest(record.Manifest) is { } manifest)
        {
            foreach (var layer in manifest.Layers)
            {
                yield return layer.Digest;
            }
        }
    }

    /// <summary>The first blob an entry needs that the store lacks (null: the image is whole and usable offline).</summary>
    public Digest? MissingBlob(ImageRecord record) => BlobsOf(record).Cast<Digest?>().FirstOrDefault(b => !HasBlob(b!.Value));

    /// <summary>The stored image manifest, or null when it is not in the store (or is an index).</summary>
    public ImageManifest? ReadManifest(Digest digest) => ReadManifestDocument(digest, null, digest.ToString())?.Manifest;

    /// <summary>
    /// A stored manifest or index with its exact bytes (so a push keeps its digest), or null when the store lacks it.
    /// The one place a stored manifest is read: its size is bounded and its bytes checked against its name.
    /// </summary>
    /// <param name="mediaType">the type the index entry records, if known (a Docker manifest may not declare its own)</param>
    /// <param name="what">the image, for messages</param>
    public ManifestDocument? ReadManifestDocument(Digest digest, string? mediaType, string what)
    {
        if (!HasBlob(digest))
        {
            return null;
        }

        byte[] bytes;
        using (var stream = OpenBlob(digest))
        {
            if (stream.Length > ManifestDocument.MaxSize)
            {
                throw new ManifestException($"manifest for {what} is larger than {ManifestDocument.MaxSize} bytes");
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        var document = ManifestDocument.Parse(bytes, mediaType, what);
        return document.Digest == digest || digest.Algorithm != "sha256" ? document
            : throw new StoreException($"the image store is damaged: blob {digest} holds content with digest {document.Digest}; remove {what} and pull it again");
    }

    public ImageConfig ReadConfig(Digest digest)
    {
        using var stream = OpenBlob(digest);
        return ImageConfigReader.Read(stream, digest.ToString());
    }

    internal void DeleteBlob(Digest digest)
    {
        File.Delete(BlobPath(digest));
        File.Delete(LayerInfoPath(digest));
    }

    /// <summary>
    /// Protects <paramref name="digests"/> from every rm, prune and repair until the lease is disposed. Take it before
    /// looking for the blobs (HasBlob) or writing them: it is recorded under the store lock, so a sweep that runs later
    /// sees it and one that ran earlier has finished, and what HasBlob then says stays true.
    /// </summary>
    public async Task<StoreLease> LeaseAsync(IEnumerable<Digest> digests, CancellationToken cancellationToken)
    {
        EnsureLayout();
        var lease = new StoreLease(this, Path.Combine(LeasesFolder, $"{Owner.Id}.{Guid.NewGuid():N}"), [.. digests]);
        await WriteLeaseAsync(lease, cancellationToken).ConfigureAwait(false);
        return lease;
    }

    internal async Task WriteLeaseAsync(StoreLease lease, CancellationToken cancellationToken)
    {
        using var storeLock = await StoreLock.AcquireAsync(Path.Combine(PrivateFolder, "lock"), LockTimeout, cancellationToken).ConfigureAwait(false);
        WriteAtomically(lease.Path, lease.Content(), durable: false);
    }

    /// <summary>The blobs live leases hold; with <paramref name="reap"/>, the leases of dead processes are deleted as found.</summary>
    internal HashSet<Digest> LeasedBlobs(bool reap)
    {
        var leased = new HashSet<Digest>();
        if (!Directory.Exists(LeasesFolder))
        {
            return leased;
        }

        foreach (var file in Directory.EnumerateFiles(LeasesFolder))
        {
            if (!StoreOwner.IsAlive(OwnersFolder, StoreOwner.OwnerOf(Path.GetFileName(file)), reap: false))
            {
                if (reap)
                {
                    TryDelete(file);
                }

                continue;
            }

            try
            {
                foreach (var line in File.ReadAllLines(file))
                {
                    if (Digest.TryParse(line, out var digest))
                    {
                        leased.Add(digest);
                    }
                }
            }
            catch (FileNotFoundException)
            {
                // released while we listed it
            }
        }

        return leased;
    }

    /// <summary>Runs <paramref name="action"/> under the store lock (sweeps that must not interleave with index changes or leases).</summary>
    internal async Task<T> UnderLockAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        EnsureLayout();
        using var storeLock = await StoreLock.AcquireAsync(Path.Combine(PrivateFolder, "lock"), LockTimeout, cancellationToken).ConfigureAwait(false);
        return action();
    }

    /// <summary>What nothing needs: dead processes' temp files and leases, blobs no image names (read only).</summary>
    public IReadOnlyList<StoreLeftover> FindLeftovers() => StoreSweep.Find(this);

    /// <summary>Deletes what <see cref="FindLeftovers"/> finds, under the store lock; returns what it deleted.</summary>
    public Task<IReadOnlyList<StoreLeftover>> SweepAsync(CancellationToken cancellationToken) => StoreSweep.SweepAsync(this, cancellationToken);

    /// <summary>The index as it is now: our entries and the entries other tools wrote.</summary>
    internal (IReadOnlyList<ImageRecord> Records, List<ForeignEntry> Foreign) ReadFullIndex() => ReadIndex();

    internal static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Records the images a project uses (its in-use root), replacing what it recorded before.</summary>
    public void SetProjectRoot(ProjectRoot root)
    {
        EnsureLayout();
        _roots.Set(root, (path, bytes) => WriteAtomically(path, bytes));
    }

    /// <summary>The projects that use an image now (see <see cref="ProjectRoot"/>).</summary>
    public IReadOnlyList<string> ProjectsUsing(Digest imageId) => _roots.ProjectsUsing(imageId);

    /// <summary>Every image some project uses now, with those projects: what <c>ls</c> reads once for all its rows.</summary>
    public IReadOnlyDictionary<Digest, IReadOnlyList<string>> ProjectsByImage() => _roots.ProjectsByImage();

    /// <summary>Every project root file, with why it protects nothing any more (null: it still counts).</summary>
    internal IEnumerable<(string File, string? Problem)> CheckProjectRoots() => _roots.Check();

    /// <summary>
    /// The layer as its verification recorded it, when the blob is present and was verified against
    /// <paramref name="diffId"/>; null otherwise (a bare blob from a killed pull is verified again).
    /// </summary>
    public LayerInfo? VerifiedLayer(Digest layer, Digest diffId) =>
        HasBlob(layer) && GetLayerInfo(layer) is { } known && known.DiffId == diffId ? known : null;

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

    public void PutLayerInfo(Digest layer, LayerInfo info)
    {
        EnsureLayout(); // a layout another tool wrote has no folder of ours yet
        WriteAtomically(LayerInfoPath(layer), System.Text.Encoding.UTF8.GetBytes($"{info.DiffId} {info.ContentSize.ToString(CultureInfo.InvariantCulture)}"));
    }

    internal string LayerInfoPath(Digest layer) => Path.Combine(PrivateFolder, "layers", $"{layer.Algorithm}-{layer.Hex}");

    private (IReadOnlyList<ImageRecord> Records, List<ForeignEntry> Foreign) ReadIndex()
    {
        if (!File.Exists(IndexPath))
        {
            return ([], []);
        }

        try
        {
            byte[] json;
            using (var stream = new FileStream(IndexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                json = new byte[stream.Length];
                stream.ReadExactly(json);
            }

            var (records, foreign) = IndexReader.Read(json);
            // Entries another tool wrote (skopeo copy into the layout) are kept as they are; the images among them are listed too.
            var adopted = new List<ImageRecord>();
            var others = new List<ForeignEntry>();
            foreach (var entry in foreign)
            {
                if (ForeignImage.Adopt(entry, this) is { } image)
                {
                    adopted.Add(image);
                }
                else
                {
                    others.Add(entry);
                }
            }

            return adopted.Count == 0 ? (records, foreign) : ([.. records, .. adopted], others);
        }
        catch (JsonException e)
        {
            throw new StoreException($"the store's index {IndexPath} is damaged: {e.Message}", e);
        }
    }

    /// <param name="unchanged">records read from another tool's entries: written back as that tool wrote them while they are unchanged</param>
    private void WriteIndex(List<ImageRecord> records, List<ForeignEntry> foreign, HashSet<ImageRecord> unchanged)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", MediaTypes.OciIndex);
            writer.WriteStartArray("manifests");
            foreach (var record in records)
            {
                if (record.Foreign is { } entry && unchanged.Contains(record))
                {
                    writer.WriteRawValue(entry.Json, skipInputValidation: true);
                }
                else
                {
                    JsonSerializer.Serialize(writer, record.ToDescriptor(), ManifestJsonContext.Default.Descriptor);
                }
            }

            foreach (var entry in foreign)
            {
                writer.WriteRawValue(entry.Json, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        WriteAtomically(IndexPath, buffer.ToArray());
    }

    /// <summary>
    /// Temp file in the same folder tree, flushed, then renamed over the target: readers see old or new, never half.
    /// A failure (a full disk, a folder in the way) deletes the temp file and names the file that could not be written.
    /// </summary>
    /// <param name="durable">flush to the disk before the rename (the index, roots, layer facts); a lease, which only
    /// matters while its process lives, skips that wait</param>
    private void WriteAtomically(string path, byte[] bytes, bool durable = true)
    {
        EnsureLayout();
        var temp = Path.Combine(TempFolder, $"{Owner.Id}.{Path.GetFileName(path)}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: durable);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new Diagnostics.FileAccessException($"cannot write {path}: {Diagnostics.Failures.Describe(e)}: check the path, its permissions and the free disk space", e);
        }
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

    /// <summary>
    /// Removes the temp files, leases and marks of processes that died (the next run cleans up, as the design promises):
    /// a temp file is reclaimed as soon as no live process owns it. Safe at any time, without the store lock.
    /// </summary>
    public void CleanStaleTempFiles()
    {
        foreach (var leftover in StoreSweep.DeadProcessFiles(this, reap: true))
        {
            TryDelete(leftover.Path);
        }

        StoreSweep.ReapDeadOwners(this);
    }
}
