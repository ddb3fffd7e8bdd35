using System.Text;
using BenchmarkDotNet.Attributes;
using ImageTasks.Core.Manifests;

namespace ImageTasks.Benchmarks;

/// <summary><c>ManifestDocument.Parse</c>: an OCI image manifest of 5 layers and a multi-platform index of 8 entries.</summary>
[MemoryDiagnoser]
public class ManifestParsingBenchmarks
{
    private byte[] _manifest = [];
    private byte[] _index = [];

    [GlobalSetup]
    public void Setup()
    {
        static string Hex(int seed) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(seed)));
        var layers = string.Join(",", Enumerable.Range(1, 5).Select(i =>
            $"{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:{Hex(i)}\",\"size\":{i * 12_345_678}}}"));
        _manifest = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.OciManifest}\",\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:{Hex(0)}\",\"size\":1469}},\"layers\":[{layers}],\"annotations\":{{\"org.opencontainers.image.created\":\"2024-01-15T12:00:00Z\"}}}}");
        string[] platforms = ["linux/amd64", "linux/arm64/v8", "linux/arm/v7", "linux/arm/v6", "linux/386", "linux/ppc64le", "linux/s390x", "linux/riscv64"];
        var entries = string.Join(",", platforms.Select((p, i) =>
        {
            var parts = p.Split('/');
            var variant = parts.Length > 2 ? $",\"variant\":\"{parts[2]}\"" : "";
            return $"{{\"mediaType\":\"{MediaTypes.OciManifest}\",\"digest\":\"sha256:{Hex(100 + i)}\",\"size\":{1000 + i},\"platform\":{{\"architecture\":\"{parts[1]}\",\"os\":\"{parts[0]}\"{variant}}}}}";
        }));
        _index = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.OciIndex}\",\"manifests\":[{entries}]}}");
    }

    [Benchmark]
    public ManifestDocument ImageManifest() => ManifestDocument.Parse(_manifest, MediaTypes.OciManifest, "bench");

    [Benchmark]
    public ManifestDocument Index() => ManifestDocument.Parse(_index, MediaTypes.OciIndex, "bench");
}
