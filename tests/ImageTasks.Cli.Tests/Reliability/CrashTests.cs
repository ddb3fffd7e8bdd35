using System.Diagnostics;
using ImageTasks.Cli.Tests.Commands;
using ImageTasks.Core.Store;
using ImageTasks.Testing;
using Xunit.Abstractions;

namespace ImageTasks.Cli.Tests.Reliability;

/// <summary>
/// Issue 12: SIGKILL a real <c>pull</c> at seeded moments while its layers stream in (throttled by the fault proxy).
/// After each kill: <c>check</c> reports what the kill left, <c>prune</c> leaves no temp or orphan bytes, <c>check</c>
/// is then clean (or <c>--repair</c> makes it so), and the next pull completes, fetching no layer the store already
/// holds verified.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class CrashTests : IClassFixture<LargeImageRegistry>
{
    /// <summary>Kills per run, as issue 12 asks: about 1.9 s each on 2 shared cores (about 95 s for 50). Raise it for a longer soak.</summary>
    public const int Kills = 50;

    /// <summary>The seed of the kill moments: the same moments every run.</summary>
    public const int Seed = 20261204;

    private readonly LargeImageRegistry _registry;
    private readonly ITestOutputHelper _log;

    public CrashTests(LargeImageRegistry registry, ITestOutputHelper log)
    {
        _registry = registry;
        _log = log;
    }

    [Fact]
    public async Task A_pull_killed_at_any_moment_costs_nothing_and_the_next_pull_reuses_what_it_verified()
    {
        using var cli = new CliRunner();
        var random = new Random(Seed);
        var total = _registry.Image.Layers.Sum(l => l.Size) + _registry.Image.Size + _registry.Image.Config.Size;
        var watch = Stopwatch.StartNew();
        int killed = 0, finished = 0, leftBehind = 0, reused = 0;
        long leakedBytes = 0;
        for (var round = 0; round < Kills; round++)
        {
            _registry.Throttle();
            // The moment is a byte count, not a time (startup varies on a loaded machine): kill once that many bytes
            // are in the store, in temp files or committed blobs; a few moments lie past the end of the image.
            var moment = random.NextInt64(0, total + total / 8);
            using (var pull = CliProcess.Start(cli.Store, "pull", "-q", _registry.Reference))
            {
                while (!pull.HasExited && BytesIn(cli.Store) < moment)
                {
                    await Task.Delay(5);
                }

                if (pull.HasExited)
                {
                    finished++;
                }
                else
                {
                    pull.Kill();
                    killed++;
                }

                await pull.WaitAsync(TimeSpan.FromSeconds(30));
            }

            var context = $"round {round}, killed at {moment} bytes";
            var check = await cli.RunAsync("check");
            Assert.True(check.ExitCode is 0 or 1, $"{context}: {check.Error}");
            Assert.Equal("", check.Error);
            if (check.ExitCode == 1)
            {
                leftBehind++;
                Assert.All(Problems(check.Output), p => Assert.Contains(p.Kind, new[] { "temp-file", "orphan-blob" }));
            }

            // Odd rounds pull before pruning, so the layers the killed pull verified are still there to reuse; even
            // rounds prune first, so prune alone must reclaim everything the kill left.
            var reuseFirst = round % 2 == 1;
            if (reuseFirst)
            {
                reused += await NextPullAsync(cli, context);
            }

            var prune = await cli.RunAsync("prune", "-f");
            Assert.Equal((0, ""), (prune.ExitCode, prune.Error));
            var leftovers = new ImageStore(cli.Store).FindLeftovers();
            leakedBytes += leftovers.Sum(l => l.Bytes);
            Assert.True(leftovers.Count == 0, $"{context}: prune left {string.Join(", ", leftovers)}");
            Assert.Empty(Directory.GetFiles(Path.Combine(cli.Store, "imagetasks", "tmp")));

            var clean = await cli.RunAsync("check");
            if (clean.ExitCode != 0)
            {
                var repair = await cli.RunAsync("check", "--repair");
                Assert.True(repair.ExitCode == 0, $"{context}: {repair.Output}");
                clean = await cli.RunAsync("check");
            }

            Assert.True(clean.ExitCode == 0 && Problems(clean.Output).Count == 0, $"{context}: {clean.Output}");
            if (!reuseFirst)
            {
                reused += await NextPullAsync(cli, context);
            }

            // Start the next round from an empty store, so every kill lands in a fresh download.
            Assert.Equal(0, (await cli.RunAsync("rm", _registry.Reference)).ExitCode);
            Assert.Empty(Directory.GetFiles(Path.Combine(cli.Store, "blobs", "sha256")));
        }

        _log.WriteLine($"crash test: {Kills} rounds in {watch.Elapsed.TotalSeconds:0.0} s ({watch.Elapsed.TotalMilliseconds / Kills:0} ms a round): "
            + $"{killed} killed mid-pull, {finished} finished first, {leftBehind} left something for check, {reused} verified layers reused, {leakedBytes} bytes left after prune");
        Assert.True(killed >= Kills / 2, $"only {killed} of {Kills} kills landed mid-pull: the moments are too late");
    }

    /// <summary>Pulls unthrottled; the layers the store holds with matching verified facts must not be fetched again.</summary>
    private async Task<int> NextPullAsync(CliRunner cli, string context)
    {
        _registry.Proxy.ClearFaults();
        _registry.Proxy.ClearRequests();
        var store = new ImageStore(cli.Store);
        var verified = _registry.Image.Layers.Where(l =>
        {
            var digest = Core.References.Digest.Parse(l.Digest);
            return store.HasBlob(digest) && store.GetLayerInfo(digest)?.DiffId.ToString() == l.DiffId;
        }).ToList();

        var next = await cli.RunAsync("pull", "-q", _registry.Reference);

        Assert.True(next.ExitCode == 0, $"{context}: the next pull failed: {next.Error}");
        Assert.All(verified, l => Assert.Equal(0, _registry.Proxy.Count("GET", "/blobs/" + l.Digest)));
        var check = await cli.RunAsync("check");
        Assert.True(check.ExitCode == 0, $"{context}: after the next pull: {check.Output}");
        return verified.Count;
    }

    private static long BytesIn(string store)
    {
        long bytes = 0;
        foreach (var folder in new[] { Path.Combine(store, "imagetasks", "tmp"), Path.Combine(store, "blobs", "sha256") })
        {
            try
            {
                bytes += Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles().Sum(f => f.Exists ? f.Length : 0) : 0;
            }
            catch (Exception e) when (e is IOException)
            {
                // a file renamed or deleted while we looked: count again next time
            }
        }

        return bytes;
    }

    private static List<(string Status, string Kind)> Problems(string checkOutput) =>
        checkOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Where(f => f.Length == 5)
            .Select(f => (f[0], f[1]))
            .ToList();
}
