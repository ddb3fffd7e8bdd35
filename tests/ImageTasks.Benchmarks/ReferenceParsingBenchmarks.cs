using BenchmarkDotNet.Attributes;
using ImageTasks.Core.References;

namespace ImageTasks.Benchmarks;

/// <summary><c>ImageReference.Parse</c> over the shapes users type and the store records: familiar, full, digest-pinned.</summary>
[MemoryDiagnoser]
public class ReferenceParsingBenchmarks
{
    [Params(
        "alpine",
        "docker.io/library/alpine:3.19",
        "127.0.0.1:5000/team/app:1.2.3",
        "ghcr.io/org/tool@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945")]
    public string Text { get; set; } = "";

    [Benchmark]
    public ImageReference Parse() => ImageReference.Parse(Text);
}
