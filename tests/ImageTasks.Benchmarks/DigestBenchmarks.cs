using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ImageTasks.Core.References;

namespace ImageTasks.Benchmarks;

/// <summary>
/// Digest verification throughput: SHA-256 over a 64 MiB stream, read in the chunk sizes the pull sees (a socket's
/// 16 KiB, the pipeline's 128 KiB). Bytes/s = 64 MiB / mean.
/// </summary>
[MemoryDiagnoser]
public class DigestBenchmarks
{
    private const int Size = 64 << 20;
    private byte[] _data = [];
    private byte[] _buffer = [];

    [Params(16 << 10, 128 << 10)]
    public int ChunkSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
        _buffer = new byte[ChunkSize];
    }

    [Benchmark]
    public async Task<Digest> Sha256OverStream()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var stream = new MemoryStream(_data, writable: false);
        int read;
        while ((read = await stream.ReadAsync(_buffer)) > 0)
        {
            hash.AppendData(_buffer, 0, read);
        }

        return Digest.FromHex("sha256", Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
