using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>
/// Finds what the store holds that nothing needs: the temp files, leases and marks of processes that died, and blobs
/// no index entry (ours or another tool's) and no live lease names. Deleting goes under the store lock, the same lock
/// index changes and new leases take, so a pull that leased its blobs never loses one.
/// </summary>
internal static class StoreSweep
{
    public static IReadOnlyList<StoreLeftover> Find(ImageStore store)
    {
        var (records, foreign) = store.ReadFullIndex();
        return [.. DeadProcessFiles(store, reap: false), .. Orphans(store, records, foreign, store.LeasedBlobs(reap: false))];
    }

    public static Task<IReadOnlyList<StoreLeftover>> SweepAsync(ImageStore store, CancellationToken cancellationToken) =>
        store.UnderLockAsync<IReadOnlyList<StoreLeftover>>(() =>
        {
            var swept = new List<StoreLeftover>();
            ReapDeadOwners(store);
            foreach (var leftover in DeadProcessFiles(store, reap: true))
            {
                if (ImageStore.TryDelete(leftover.Path))
                {
                    swept.Add(leftover);
                }
            }

            var (records, foreign) = store.ReadFullIndex();
            foreach (var orphan in Orphans(store, records, foreign, store.LeasedBlobs(reap: true)))
            {
                if (ImageStore.TryDelete(orphan.Path))
                {
                    swept.Add(orphan);
                }
            }

            return swept;
        }, cancellationToken);

    /// <summary>
    /// Deletes the owner marks of processes that ended (every process that wrote leaves one; it is bookkeeping, not
    /// waste, so it is swept without being reported). Their temp files and leases then read as dead to everyone.
    /// </summary>
    public static void ReapDeadOwners(ImageStore store)
    {
        foreach (var file in Files(store.OwnersFolder))
        {
            StoreOwner.IsAlive(store.OwnersFolder, file.Name, reap: true);
        }
    }

    /// <summary>
    /// Temp files and leases whose owner no longer runs (with <paramref name="reap"/>, dead owner marks are deleted as
    /// they are found).
    /// </summary>
    public static IEnumerable<StoreLeftover> DeadProcessFiles(ImageStore store, bool reap)
    {
        var alive = new Dictionary<string, bool>(StringComparer.Ordinal);
        var pids = new Dictionary<string, int?>(StringComparer.Ordinal);
        bool IsAlive(string owner)
        {
            if (!alive.TryGetValue(owner, out var live))
            {
                pids[owner] = StoreOwner.ProcessOf(store.OwnersFolder, owner);
                live = StoreOwner.IsAlive(store.OwnersFolder, owner, reap);
                alive[owner] = live;
            }

            return live;
        }

        string Why(string owner) => pids.GetValueOrDefault(owner) is { } pid
            ? $"left by process {pid}, which is no longer running"
            : "left by a process that is no longer running";

        var found = new List<StoreLeftover>();
        foreach (var folder in new[] { store.TempFolder, store.LeasesFolder })
        {
            foreach (var file in Files(folder))
            {
                var owner = StoreOwner.OwnerOf(file.Name);
                if (!IsAlive(owner))
                {
                    found.Add(Leftover(store, LeftoverKind.Temp, file, Why(owner)));
                }
            }
        }

        return found;
    }

    /// <summary>Blobs nothing names, and layer facts whose blob is gone.</summary>
    public static IEnumerable<StoreLeftover> Orphans(ImageStore store, IReadOnlyList<ImageRecord> records, List<ForeignEntry> foreign, HashSet<Digest> leased)
    {
        // Listed before the index is walked: a blob that appears later was leased first (see ImageStore.LeaseAsync).
        var blobs = BlobFiles(store).ToList();
        var needed = records.SelectMany(store.BlobsOf).ToHashSet();
        foreach (var entry in foreign)
        {
            if (entry.Digest is { } digest)
            {
                AddForeign(store, digest, needed, depth: 0);
            }
        }

        foreach (var (digest, file) in blobs)
        {
            if (!needed.Contains(digest) && !leased.Contains(digest))
            {
                yield return Leftover(store, LeftoverKind.Orphan, file, "named by no image") with { Subject = digest.ToString() };
            }
        }

        foreach (var file in Files(Path.GetDirectoryName(store.LayerInfoPath(Digest.Compute([])))!))
        {
            var dash = file.Name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && Digest.TryParse($"{file.Name[..dash]}:{file.Name[(dash + 1)..]}", out var layer) && !store.HasBlob(layer))
            {
                yield return Leftover(store, LeftoverKind.LayerFacts, file, "layer facts of a blob the store no longer has");
            }
        }
    }

    /// <summary>Every file under blobs/ALG/ whose name is a digest.</summary>
    public static IEnumerable<(Digest Digest, FileInfo File)> BlobFiles(ImageStore store)
    {
        if (!Directory.Exists(store.BlobsFolder))
        {
            yield break;
        }

        foreach (var algorithm in new DirectoryInfo(store.BlobsFolder).EnumerateDirectories())
        {
            foreach (var file in algorithm.EnumerateFiles())
            {
                if (Digest.TryParse($"{algorithm.Name}:{file.Name}", out var digest))
                {
                    yield return (digest, file);
                }
            }
        }
    }

    /// <summary>An entry another tool wrote (skopeo): its manifest or index, and what that names, recursively.</summary>
    private static void AddForeign(ImageStore store, Digest digest, HashSet<Digest> needed, int depth)
    {
        if (!needed.Add(digest) || depth > 4 || !store.HasBlob(digest))
        {
            return;
        }

        try
        {
            using var stream = store.OpenBlob(digest);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object && config.TryGetProperty("digest", out var configDigest))
            {
                if (configDigest.ValueKind == JsonValueKind.String && Digest.TryParse(configDigest.GetString(), out var parsed))
                {
                    needed.Add(parsed);
                }
            }

            foreach (var name in new[] { "layers", "manifests" })
            {
                if (root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in list.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("digest", out var child) && child.ValueKind == JsonValueKind.String
                            && Digest.TryParse(child.GetString(), out var childDigest))
                        {
                            AddForeign(store, childDigest, needed, depth + 1);
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
        {
            // not a JSON document we can read (a layer): it names nothing
        }
    }

    private static IEnumerable<FileInfo> Files(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles() : [];

    private static StoreLeftover Leftover(ImageStore store, LeftoverKind kind, FileInfo file, string detail)
    {
        long bytes;
        try
        {
            bytes = file.Length;
        }
        catch (FileNotFoundException)
        {
            bytes = 0;
        }

        return new StoreLeftover(kind, Path.GetRelativePath(store.Root, file.FullName).Replace('\\', '/'), bytes, detail) { Path = file.FullName };
    }
}
