using BenchmarkDotNet.Attributes;
using ImageTasks.Core.References;

namespace ImageTasks.Benchmarks;

/// <summary>
/// <c>ls --filter reference=</c> globs with many stars against a long name that does not match: the case a
/// backtracking matcher took exponential time on (issue 12: 7 stars 10.8 s, 8 stars over 30 s).
/// </summary>
[MemoryDiagnoser]
public class ReferencePatternBenchmarks
{
    private string _pattern = "";
    private string _name = "";

    [Params(8, 16, 64)]
    public int Stars { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pattern = "library/" + string.Concat(Enumerable.Repeat("a*", Stars)) + "b";
        _name = "library/" + new string('a', 200); // the stars work on the part after the last /
    }

    [Benchmark]
    public bool ManyStarsNoMatch() => ReferencePattern.Glob(_pattern, _name);
}
