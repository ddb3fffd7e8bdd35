using ImageTasks.Core.References;
using ImageTasks.Core.Store;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary><c>dotnet image check [--repair]</c>: tab-separated lines a script can split, a summary, exit 0 only when clean.</summary>
public sealed class CheckCommandTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public CheckCommandTests(StandardRegistryFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Check_prints_one_line_per_problem_exits_1_and_repair_says_what_it_did_and_exits_0()
    {
        using var cli = new CliRunner();
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", _fixture.Seed.Reference(StandardSeed.SmallRepository, "1.0"))).ExitCode);
        var clean = await cli.RunAsync("check");
        Assert.Equal((0, "checked 3 blobs, 1 image entry, 0 project roots: 0 problems, 0 repaired\n", ""), (clean.ExitCode, clean.Output.ReplaceLineEndings("\n"), clean.Error));

        var orphan = "{\"orphan\":1}"u8.ToArray();
        var digest = Digest.Compute(orphan);
        await new ImageStore(cli.Store).PutBlobAsync(orphan, digest, default);

        var found = await cli.RunAsync("check");
        Assert.Equal(
            (1, $"problem\torphan-blob\t{digest}\t{orphan.Length}\tnamed by no image\ncheck" + "ed 4 blobs, 1 image entry, 0 project roots: 1 problem, 0 repaired\n", ""),
            (found.ExitCode, found.Output.ReplaceLineEndings("\n"), found.Error));

        var repaired = await cli.RunAsync("check", "--repair");
        Assert.Equal(
            (0, $"repaired\torphan-blob\t{digest}\t{orphan.Length}\tnamed by no image; deleted\nchecked 4 blobs, 1 image entry, 0 project roots: 1 problem, 1 repaired\n", ""),
            (repaired.ExitCode, repaired.Output.ReplaceLineEndings("\n"), repaired.Error));
        Assert.Equal(0, (await cli.RunAsync("check")).ExitCode);
    }

    [Fact]
    public async Task Check_of_an_empty_store_is_clean()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("check");

        Assert.Equal((0, "checked 0 blobs, 0 image entries, 0 project roots: 0 problems, 0 repaired\n", ""), (result.ExitCode, result.Output.ReplaceLineEndings("\n"), result.Error));
    }
}
