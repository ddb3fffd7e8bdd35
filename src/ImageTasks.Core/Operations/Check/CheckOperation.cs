using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;
using ImageTasks.Core.Store.Ingest;

namespace ImageTasks.Core.Operations.Check;

/// <summary>
/// <c>check [--repair]</c>: verifies every blob against its digest and every layer an image names against its
/// config's diff_id, every index entry against its blobs, and every project root against its project; finds the
/// leftovers of processes that died and blobs nothing names. Repair deletes corrupt blobs, removes the entries they
/// leave dead, sweeps leftovers and orphans, corrects layer facts and deletes dead roots; a later pull fetches again
/// whatever was removed.
/// </summary>
public sealed class CheckOperation
{
    private const int BufferSize = 1 << 17;

    private readonly ImageStore _store;

    public CheckOperation(ImageStore store) => _store = store;

    public async Task<CheckResult> ExecuteAsync(CheckOptions options, CancellationToken cancellationToken)
    {
        var findings = new List<CheckFinding>();
        var (records, _) = _store.ReadFullIndex();

        var blobs = 0;
        var corrupt = new HashSet<Digest>();
        foreach (var (digest, file) in StoreSweep.BlobFiles(_store))
        {
            if (await HashAsync(file.FullName, digest.Algorithm, cancellationToken).ConfigureAwait(false) is not { } actual)
            {
                continue; // removed while we looked (an rm or prune in another process)
            }

            blobs++;
            if (actual != digest)
            {
                corrupt.Add(digest);
                findings.Add(new CheckFinding(CheckProblem.CorruptBlob, digest.ToString(), $"its content has digest {actual}", file.Length));
            }
        }

        var layerFacts = new List<(Digest Layer, LayerInfo Actual)>();
        foreach (var (layer, problem, actual) in await CheckLayersAsync(records, corrupt, cancellationToken).ConfigureAwait(false))
        {
            if (problem.Problem == CheckProblem.CorruptBlob)
            {
                corrupt.Add(layer);
            }
            else
            {
                layerFacts.Add((layer, actual));
            }

            findings.Add(problem);
        }

        var dead = records.Where(r => DeadReason(r, corrupt) is not null).ToList();
        findings.AddRange(dead.Select(r => new CheckFinding(CheckProblem.DeadEntry, Name(r), DeadReason(r, corrupt)!)));

        // Facts about a blob that is gone are bookkeeping (read only beside their blob): swept, not reported.
        var leftovers = _store.FindLeftovers().Where(l => l.Kind != LeftoverKind.LayerFacts);
        findings.AddRange(leftovers.Select(ToFinding));

        var roots = _store.CheckProjectRoots().ToList();
        findings.AddRange(roots.Where(r => r.Problem is not null)
            .Select(r => new CheckFinding(CheckProblem.DeadRoot, Path.GetRelativePath(_store.Root, r.File).Replace('\\', '/'), r.Problem!)));

        if (options.Repair && findings.Count > 0)
        {
            findings = await RepairAsync(findings, corrupt, layerFacts, roots, cancellationToken).ConfigureAwait(false);
        }

        return new CheckResult(findings, blobs, records.Count, roots.Count);
    }

    private async Task<List<CheckFinding>> RepairAsync(
        List<CheckFinding> findings, HashSet<Digest> corrupt, List<(Digest Layer, LayerInfo Actual)> layerFacts, List<(string File, string? Problem)> roots, CancellationToken cancellationToken)
    {
        var repaired = new List<CheckFinding>();
        foreach (var digest in corrupt)
        {
            _store.DeleteBlob(digest);
        }

        // Under the lock, entries are judged again: only those still dead go (a pull may have fetched a blob meanwhile).
        var removed = await _store.UpdateIndexAsync(entries =>
        {
            var gone = entries.Where(e => _store.MissingBlob(e) is not null || ConfigMismatch(e) is not null).Select(Name).ToHashSet(StringComparer.Ordinal);
            entries.RemoveAll(e => gone.Contains(Name(e)));
            return gone;
        }, cancellationToken).ConfigureAwait(false);

        var swept = await _store.SweepAsync(cancellationToken).ConfigureAwait(false);
        var sweptSubjects = swept.Select(s => s.Subject).ToHashSet(StringComparer.Ordinal);

        foreach (var (layer, actual) in layerFacts)
        {
            if (_store.HasBlob(layer))
            {
                _store.PutLayerInfo(layer, actual);
            }
        }

        var deadRoots = roots.Where(r => r.Problem is not null).Select(r => r.File).Where(ImageStore.TryDelete)
            .Select(f => Path.GetRelativePath(_store.Root, f).Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);

        foreach (var finding in findings)
        {
            repaired.Add(finding.Problem switch
            {
                CheckProblem.CorruptBlob => finding with { Repair = "deleted" },
                CheckProblem.DeadEntry when removed.Contains(finding.Subject) => finding with { Repair = "removed the entry; pull the image again" },
                CheckProblem.OrphanBlob or CheckProblem.TempFile when sweptSubjects.Remove(finding.Subject) => finding with { Repair = "deleted" },
                CheckProblem.LayerFacts when finding.Subject.StartsWith("imagetasks/", StringComparison.Ordinal) && sweptSubjects.Remove(finding.Subject) => finding with { Repair = "deleted" },
                CheckProblem.LayerFacts when layerFacts.Any(l => l.Layer.ToString() == finding.Subject) => finding with { Repair = "corrected" },
                CheckProblem.DeadRoot when deadRoots.Contains(finding.Subject) => finding with { Repair = "deleted" },
                _ => finding,
            });
        }

        // What became an orphan only now (the blobs of entries just removed, if nothing else needs them) went too.
        repaired.AddRange(swept.Where(s => s.Kind != LeftoverKind.LayerFacts && sweptSubjects.Contains(s.Subject)).Select(s => ToFinding(s) with { Repair = "deleted" }));
        return repaired;
    }

    /// <summary>Each layer an image names, decompressed and hashed against its config's diff_id (once per layer).</summary>
    private async Task<List<(Digest Layer, CheckFinding Problem, LayerInfo Actual)>> CheckLayersAsync(IReadOnlyList<ImageRecord> records, HashSet<Digest> corrupt, CancellationToken cancellationToken)
    {
        var problems = new List<(Digest, CheckFinding, LayerInfo)>();
        var seen = new HashSet<Digest>();
        foreach (var record in records)
        {
            if (!_store.HasBlob(record.Manifest) || !_store.HasBlob(record.Config) || corrupt.Contains(record.Manifest) || corrupt.Contains(record.Config))
            {
                continue;
            }

            ImageManifest? manifest;
            ImageConfig config;
            try
            {
                manifest = _store.ReadManifest(record.Manifest);
                config = _store.ReadConfig(record.Config);
            }
            catch (Exception e) when (e is JsonException or ImageTasksException or IOException)
            {
                continue; // a blob that hashes right but does not parse: the registry served it so; the entry check names it
            }

            var diffIds = config.RootFs.DiffIds;
            for (var i = 0; manifest is not null && i < manifest.Layers.Count && i < diffIds.Count; i++)
            {
                var layer = manifest.Layers[i].Digest;
                if (!Digest.TryParse(diffIds[i], out var expected)
                    || corrupt.Contains(layer) || !seen.Add(layer) || !_store.HasBlob(layer))
                {
                    continue;
                }

                var compression = MediaTypes.CompressionOf(manifest.Layers[i].MediaType);
                if (compression is not (LayerCompression.Gzip or LayerCompression.None))
                {
                    continue; // no zstd decoder: the digest check above is all we can do (as the pull does)
                }

                (Digest DiffId, long ContentSize) actual;
                try
                {
                    await using var stream = _store.OpenBlob(layer);
                    actual = await LayerVerifier.ReadAsync(stream, compression, expected, cancellationToken).ConfigureAwait(false);
                }
                catch (FileNotFoundException)
                {
                    continue;
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    problems.Add((layer, new CheckFinding(CheckProblem.CorruptBlob, layer.ToString(), $"its content cannot be decompressed: {e.Message}", Size(layer)), default!));
                    continue;
                }

                if (actual.DiffId != expected)
                {
                    problems.Add((layer, new CheckFinding(CheckProblem.CorruptBlob, layer.ToString(), $"its uncompressed content has digest {actual.DiffId}, but image {record.Config} says {expected}", Size(layer)), default!));
                }
                else if (_store.GetLayerInfo(layer) is { } facts && facts != new LayerInfo(actual.DiffId, actual.ContentSize))
                {
                    problems.Add((layer, new CheckFinding(CheckProblem.LayerFacts, layer.ToString(), $"its recorded facts say diff_id {facts.DiffId} and {facts.ContentSize} bytes; its content is {actual.DiffId} and {actual.ContentSize} bytes"), new LayerInfo(actual.DiffId, actual.ContentSize)));
                }
            }
        }

        return problems;
    }

    private string? DeadReason(ImageRecord record, HashSet<Digest> corrupt)
    {
        if (_store.MissingBlob(record) is { } missing)
        {
            return $"blob {missing} is missing";
        }

        if (_store.BlobsOf(record).Where(corrupt.Contains).Cast<Digest?>().FirstOrDefault() is { } bad)
        {
            return $"blob {bad} is corrupt";
        }

        return ConfigMismatch(record);
    }

    private string? ConfigMismatch(ImageRecord record)
    {
        try
        {
            return _store.ReadManifest(record.Manifest) is { } manifest && manifest.Config.Digest != record.Config
                ? $"its manifest names config {manifest.Config.Digest}, the entry {record.Config}"
                : null;
        }
        catch (JsonException e)
        {
            return $"its manifest {record.Manifest} cannot be read: {e.Message}";
        }
    }

    private static string Name(ImageRecord record) =>
        record.Reference?.ToString() ?? $"{record.Repository}@{record.RepoDigest ?? record.Manifest}";

    private static CheckFinding ToFinding(StoreLeftover leftover) => leftover.Kind switch
    {
        LeftoverKind.Orphan => new(CheckProblem.OrphanBlob, leftover.Subject, leftover.Detail, leftover.Bytes),
        _ => new(CheckProblem.TempFile, leftover.Subject, leftover.Detail, leftover.Bytes),
    };

    private long Size(Digest digest)
    {
        try
        {
            return new FileInfo(_store.BlobPath(digest)).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    private static async Task<Digest?> HashAsync(string path, string algorithm, CancellationToken cancellationToken)
    {
        using var hash = new DigestHasher(algorithm);
        var buffer = new byte[BufferSize];
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return hash.Digest();
    }
}
