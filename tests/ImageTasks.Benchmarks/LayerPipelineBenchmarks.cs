using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Store.Ingest;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Benchmarks;

/// <summary>
/// The pull's layer pipeline without the network: a gzip layer is read from memory through the same code a pull runs
/// (distribution digest into a temp blob, inflate, diff_id, tar content size). Two layers of 64 MiB of content, gzipped
/// at the default level as docker push does (random data then travels in stored blocks, as with gzip -6):
/// random (incompressible, what bench.sh's large image holds) and text-like (gzips about 3x, like real images).
/// </summary>
[MemoryDiagnoser]
public class LayerPipelineBenchmarks
{
    private const int ContentSize = 64 << 20;
    private byte[] _blob = [];
    private Digest _digest;
    private Digest _diffId;
    private string _storeRoot = "";
    private ImageStore _store = null!;

    [Params("random", "text")]
    public string Content { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var random = new Random(7);
            for (var i = 0; i < 16; i++)
            {
                var data = new byte[ContentSize / 16];
                if (Content == "random")
                {
                    random.NextBytes(data);
                }
                else
                {
                    FillText(data, random);
                }

                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"data/file-{i}") { DataStream = new MemoryStream(data) });
            }
        }

        _diffId = Digest.Compute(tar.ToArray());
        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            tar.Position = 0;
            tar.CopyTo(gzip);
        }

        _blob = gz.ToArray();
        _digest = Digest.Compute(_blob);
        _storeRoot = Directory.CreateTempSubdirectory("imagetasks-bench-").FullName;
        _store = new ImageStore(_storeRoot);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_storeRoot, recursive: true);

    /// <summary>The whole per-layer pipeline: received bytes to a hashed temp blob, inflated, hashed again, measured.</summary>
    [Benchmark]
    public async Task<long> DigestInflateDiffId()
    {
        using var ingest = _store.BeginIngest(_digest);
        await using var source = new MemoryStream(_blob, writable: false);
        var (diffId, size) = await LayerVerifier.ReadAsync(new TeeReadStream(source, ingest, _ => { }), LayerCompression.Gzip, _diffId, CancellationToken.None);
        return diffId == _diffId ? size : throw new InvalidOperationException("diff_id mismatch");
    }

    /// <summary>Inflate and diff_id alone (GZipStream + SHA-256), the floor for the pipeline above.</summary>
    [Benchmark(Baseline = true)]
    public async Task<Digest> InflateAndHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var gzip = new GZipStream(new MemoryStream(_blob, writable: false), CompressionMode.Decompress);
        var buffer = new byte[128 << 10];
        int read;
        while ((read = await gzip.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Digest.FromHex("sha256", Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Words from a small vocabulary with newlines: gzip -1 makes it about 3x smaller, like /usr/share.</summary>
    private static void FillText(byte[] data, Random random)
    {
        string[] words = ["the", "image", "layer", "registry", "manifest", "config", "digest", "0x1f", "{", "}", "return", "static", "void", "int", "=", "if", "else", "while"];
        var position = 0;
        while (position < data.Length)
        {
            var word = words[random.Next(words.Length)];
            for (var i = 0; i < word.Length && position < data.Length; i++)
            {
                data[position++] = (byte)word[i];
            }

            if (position < data.Length)
            {
                data[position++] = random.Next(8) == 0 ? (byte)'\n' : random.Next(64) == 0 ? (byte)random.Next(256) : (byte)' ';
            }
        }
    }
}
