namespace ImageTasks.Cli.Tests.Commands;

/// <summary>Shell completion comes from System.CommandLine's [suggest] directive (what dotnet-suggest calls).</summary>
public sealed class CompletionTests
{
    [Fact]
    public async Task Suggest_lists_the_commands_and_flags_that_fit()
    {
        using var cli = new CliRunner();

        var commands = await cli.RunAsync("[suggest:2]", "pu");
        Assert.Equal(["pull", "push"], commands.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));

        var flags = await cli.RunAsync("[suggest:8]", "ls --dig");
        Assert.Equal(["--digests"], flags.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
