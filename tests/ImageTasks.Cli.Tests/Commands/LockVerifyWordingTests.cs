namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// <c>lock --verify</c>'s locked-mode failures name the CLI's flag, not the build's ImageLockedMode property. Neither
/// case sends a request (locked mode never resolves what the lock lacks), so no registry is needed.
/// </summary>
public sealed class LockVerifyWordingTests
{
    private const string Reference = "registry.invalid:5000/app:1";

    private static void WriteProject(string folder) => File.WriteAllText(Path.Combine(folder, "App.csproj"), $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
          <ItemGroup><BaseImage Include="{Reference}" Platforms="linux/amd64" /></ItemGroup>
        </Project>
        """);

    [Fact]
    public async Task Verify_without_a_lock_says_to_run_lock_in_the_CLIs_words()
    {
        using var cli = new CliRunner();
        WriteProject(cli.Store);
        var lockFile = Path.Combine(cli.Store, "images.lock.json");

        var (exit, output, error) = await cli.RunAsync("lock", "--verify", cli.Store);

        Assert.Equal((1, ""), (exit, output));
        Assert.Equal($"Error: IMG1002: {lockFile} does not exist, and --verify only checks an existing lock: run 'dotnet image lock' and commit the lock file{Environment.NewLine}", error);
        Assert.False(File.Exists(lockFile));
    }

    [Fact]
    public async Task Verify_of_a_lock_that_misses_the_reference_names_the_flag()
    {
        using var cli = new CliRunner();
        WriteProject(cli.Store);
        var lockFile = Path.Combine(cli.Store, "images.lock.json");
        const string OtherPin = """{ "version": 1, "images": {} }""";
        await File.WriteAllTextAsync(lockFile, OtherPin);

        var (exit, _, error) = await cli.RunAsync("lock", "--verify", cli.Store);

        Assert.Equal(1, exit);
        Assert.Equal($"Error: IMG1003: {lockFile} does not pin {Reference} (--verify writes nothing): update the lock with 'dotnet image lock' and commit it{Environment.NewLine}", error);
        Assert.DoesNotContain("ImageLockedMode", error, StringComparison.Ordinal);
        Assert.Equal(OtherPin, await File.ReadAllTextAsync(lockFile));
    }
}
