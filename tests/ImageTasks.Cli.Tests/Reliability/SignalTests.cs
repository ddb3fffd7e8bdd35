using ImageTasks.Cli.Tests.Commands;

namespace ImageTasks.Cli.Tests.Reliability;

/// <summary>Issue 12 item 6: SIGTERM stops a command as Ctrl+C does: cancelled, cleaned up, one line, 128 + 15.</summary>
[Collection(ProcessCollection.Name)]
public sealed class SignalTests : IClassFixture<LargeImageRegistry>
{
    private readonly LargeImageRegistry _registry;

    public SignalTests(LargeImageRegistry registry) => _registry = registry;

    [Fact]
    public async Task Sigterm_mid_pull_cancels_deletes_its_temp_files_and_exits_143_with_one_line()
    {
        using var cli = new CliRunner();
        _registry.Throttle();
        using var pull = CliProcess.Start(cli.Store, "pull", _registry.Reference);
        var tmp = Path.Combine(cli.Store, "imagetasks", "tmp");
        for (var waited = 0; !(Directory.Exists(tmp) && Directory.EnumerateFiles(tmp).Any(f => new FileInfo(f).Length > 0)); waited += 20)
        {
            Assert.False(pull.HasExited, "the pull ended before any layer bytes arrived");
            Assert.True(waited < 30_000, "no layer bytes arrived within 30 s");
            await Task.Delay(20);
        }

        await pull.TerminateAsync();
        var (exitCode, _, error) = await pull.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal((143, "Error: cancelled\n"), (exitCode, error.ReplaceLineEndings("\n")));
        Assert.Empty(Directory.GetFiles(tmp));
        Assert.Empty((await cli.RunAsync("images", "-q")).Output);
    }
}
