using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Operations.List;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Benchmarks;

/// <summary>
/// Loading a store of 10,000 images (index.json written by the store itself): reading the index into records, grouping
/// them into images as <c>ls</c> shows them, and the whole list operation.
/// </summary>
[MemoryDiagnoser]
public class StoreIndexBenchmarks
{
    private string _root = "";
    private ImageStore _store = null!;
    private IReadOnlyList<ImageRecord> _records = [];
    private List<Descriptor> _descriptors = [];

    [Params(10_000)]
    public int Images { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("imagetasks-bench-store-").FullName;
        _store = new ImageStore(_root);
        var records = Enumerable.Range(0, Images).Select(Record).ToList();
        _store.UpdateIndexAsync(list => { list.AddRange(records); return 0; }, CancellationToken.None).GetAwaiter().GetResult();
        _records = _store.ListImages();
        _descriptors = _records.Select(r => r.ToDescriptor()).ToList();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public int ListImages() => _store.ListImages().Count;

    /// <summary>The JSON part of <see cref="ListImages"/> alone: index.json into descriptors.</summary>
    [Benchmark]
    public int DeserializeIndex()
    {
        using var stream = File.OpenRead(Path.Combine(_root, "index.json"));
        return System.Text.Json.JsonSerializer.Deserialize(stream, ManifestJsonContext.Default.ImageIndex)!.Manifests.Count;
    }

    /// <summary>The other part: descriptors into records (digests, references and times parsed).</summary>
    [Benchmark]
    public int RecordsFromDescriptors()
    {
        var count = 0;
        foreach (var descriptor in _descriptors)
        {
            count += ImageRecord.FromDescriptor(descriptor) is null ? 0 : 1;
        }

        return count;
    }

    /// <summary>What <see cref="ImageRecord.FromDescriptor"/> spends parsing the two references per entry.</summary>
    [Benchmark]
    public int ParseReferences()
    {
        var count = 0;
        foreach (var descriptor in _descriptors)
        {
            count += ImageReference.Parse(descriptor.Annotations!["org.opencontainers.image.ref.name"]).Path.Length;
            count += ImageReference.Parse(descriptor.Annotations!["io.imagetasks.repository"]).Path.Length;
        }

        return count;
    }

    [Benchmark]
    public int Group() => StoredImage.Group(_records).Count;

    /// <summary>Writing the index to bytes as the store does (no file). A hand-written Utf8JsonWriter version was 30%
    /// faster (16 vs 22 ms) but saved too little of a pull's time to be kept.</summary>
    [Benchmark]
    public int WriteIndexBytes() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
        new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = [.. _records.Select(r => r.ToDescriptor())] },
        ManifestJsonContext.Default.ImageIndex).Length;

    /// <summary>What every pull, tag and rm pays under the store lock: read the index, write it back (flushed to disk).</summary>
    [Benchmark]
    public Task<int> UpdateIndex() => _store.UpdateIndexAsync(list => list.Count, CancellationToken.None);

    [Benchmark]
    public int ListOperation() => new ListOperation(_store).Execute(new ListOptions()).Count;

    /// <summary>An entry as a pull records it: a tagged reference in one of a few hundred repositories.</summary>
    internal static ImageRecord Record(int i)
    {
        static Digest Fake(string kind, int i) => Digest.Compute(System.Text.Encoding.UTF8.GetBytes($"{kind}-{i}"));
        var repository = ImageReference.Parse($"registry.example.com:5000/team{i % 37}/app{i % 271}");
        return new ImageRecord
        {
            Manifest = Fake("manifest", i),
            MediaType = MediaTypes.OciManifest,
            ManifestSize = 1000 + i % 500,
            Config = Fake("config", i),
            Reference = repository.WithTag($"v{i}"),
            Repository = repository.Repository,
            RepoDigest = Fake("manifest", i),
            Platform = new PlatformSpec { Os = "linux", Architecture = "amd64" },
            Created = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
            Size = 10_000_000L + i,
            Pulled = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
        };
    }
}
