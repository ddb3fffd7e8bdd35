using System.Diagnostics;
using System.Text.RegularExpressions;
using CsCheck;
using Xunit.Abstractions;

namespace ImageTasks.Testing;

/// <summary>
/// Runs a property over generated inputs: a fixed seed (the same cases every run, so a failure reproduces), a count per
/// surface, and a watchdog that fails the test naming the input when one case runs longer than <see cref="PerCase"/>
/// (a hang fails, it does not stall CI). Every failing input is collected (up to a few) before the test fails, so one run
/// shows every distinct bug, not only the first.
/// </summary>
public static partial class GeneratedCases
{
    /// <summary>The seed every surface starts from; change it only to explore, then put it back.</summary>
    public const ulong Seed = 20_261_204;

    public const int DefaultCount = 10_000;

    /// <summary>Generous on a shared 2-core machine; a parser needs microseconds.</summary>
    public static readonly TimeSpan PerCase = TimeSpan.FromSeconds(5);

    private const int MaxReported = 8;

    /// <param name="check">null when the case holds; else what went wrong</param>
    public static void Run<T>(ITestOutputHelper output, string surface, Gen<T> gen, Func<T, string?> check, int count = DefaultCount) =>
        RunAsync(output, surface, gen, value => Task.FromResult(check(value)), count).GetAwaiter().GetResult();

    /// <param name="check">null when the case holds; else what went wrong</param>
    public static async Task RunAsync<T>(ITestOutputHelper output, string surface, Gen<T> gen, Func<T, Task<string?>> check, int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(check);
        var pcg = new PCG(1, Seed);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count && failures.Count < MaxReported; i++)
        {
            var value = gen.Generate(pcg, null, out _);
            var run = Task.Run(() => check(value), CancellationToken.None);
            string? problem;
            try
            {
                problem = await run.WaitAsync(PerCase);
            }
            catch (TimeoutException) when (!run.IsCompleted)
            {
                // The stuck case keeps its thread; the test fails at once rather than waiting for it.
                failures.Add($"case {i} did not finish within {PerCase.TotalSeconds} s: {Show(value)}");
                break;
            }
            catch (Exception e)
            {
                problem = $"threw {e.GetType().FullName}: {e.Message}";
            }

            if (problem is not null)
            {
                failures.Add($"case {i}: {problem}\n    input: {Show(value)}");
            }
        }

        output.WriteLine($"{surface}: {count} generated cases, seed {Seed}, {clock.Elapsed.TotalSeconds:0.00} s, {failures.Count} failing");
        Assert.True(failures.Count == 0, $"{surface} (seed {Seed}):\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// Why a user-facing error message breaks the rules (one line, not empty, no exception type name); null when it keeps them.
    /// </summary>
    public static string? MessageProblem(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message))
        {
            return "empty message";
        }

        if (message.AsSpan().IndexOfAny("\r\n\u0085\u2028\u2029") >= 0)
        {
            return $"message is not one line: \"{message}\"";
        }

        return TypeName().IsMatch(message) ? $"message names an exception type: \"{message}\"" : null;
    }

    /// <summary>Shows an input with its control characters escaped, so the failure text is one readable line.</summary>
    public static string Show<T>(T value) =>
        Regex.Replace(value?.ToString() ?? "null", @"[\x00-\x1f\x7f]", m => $"\\u{(int)m.Value[0]:x4}");

    [GeneratedRegex(@"\b\w*Exception\b|\bSystem\.[A-Z]")]
    private static partial Regex TypeName();
}
