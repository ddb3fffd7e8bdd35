using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>What <c>dotnet image pull</c> prints, line for line, when its output is redirected (as docker pull does).</summary>
public sealed class PullCommandTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public PullCommandTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    private static string Short(string digest) => digest["sha256:".Length..][..12];

    [Fact]
    public async Task Pull_prints_dockers_lines_and_nothing_about_layers_of_an_image_it_already_has()
    {
        using var cli = new CliRunner();
        var host = Seed.Host;
        var layer = Short(Assert.Single(Seed.Small.Image.Layers).Digest);

        var first = await cli.RunAsync("pull", $"{host}/library/small:1.0");

        Assert.Equal((0, ""), (first.ExitCode, first.Error));
        Assert.Equal(
            $"""
            1.0: Pulling from library/small
            {layer}: Pulling fs layer
            {layer}: Verifying Checksum
            {layer}: Download complete
            {layer}: Pull complete
            Digest: {Seed.Small.Digest}
            Status: Downloaded newer image for {host}/library/small:1.0
            {host}/library/small:1.0

            """.ReplaceLineEndings(), first.Output);

        var second = await cli.RunAsync("pull", $"{host}/library/small:latest");
        Assert.Equal(
            $"""
            latest: Pulling from library/small
            Digest: {Seed.Small.Digest}
            Status: Downloaded newer image for {host}/library/small:latest
            {host}/library/small:latest

            """.ReplaceLineEndings(), second.Output);

        var third = await cli.RunAsync("pull", $"{host}/library/small");
        Assert.Equal(
            $"""
            Using default tag: latest
            latest: Pulling from library/small
            Digest: {Seed.Small.Digest}
            Status: Image is up to date for {host}/library/small:latest
            {host}/library/small:latest

            """.ReplaceLineEndings(), third.Output);
    }

    [Fact]
    public async Task Quiet_pull_prints_only_the_reference()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("pull", "-q", "--platform", "linux/arm/v7", $"{Seed.Host}/multi/docker:1");

        Assert.Equal((0, $"{Seed.Host}/multi/docker:1\n".ReplaceLineEndings(), ""), result);
    }

    [Theory]
    [InlineData("Bad:Ref", "Error: invalid reference format: repository name (Bad) must be lowercase")]
    [InlineData("a::b", "Error: invalid reference format")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123", "Error: invalid repository name (0123456789012345678901234567890123456789012345678901234567890123), cannot specify 64-byte hexadecimal strings")]
    public async Task A_malformed_reference_fails_with_one_line_and_no_request(string name, string expected)
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        using var cli = new CliRunner();
        var reference = name.Contains(':', StringComparison.Ordinal) && !name.Contains("::", StringComparison.Ordinal) ? $"{proxy.Host}/{name}" : name;

        var result = await cli.RunAsync("pull", reference);

        Assert.Equal((1, "", expected + Environment.NewLine), result);
        Assert.Empty(proxy.Requests);
        Assert.False(File.Exists(Path.Combine(cli.Store, "index.json")));
    }

    [Theory]
    [InlineData(new[] { "pull", "--platform", "linux/", "alpine" }, "Error: invalid platform \"linux/\"")]
    [InlineData(new[] { "pull", "-a", "alpine:3.19" }, "Error: tag can't be used with --all-tags/-a")]
    [InlineData(new[] { "pull" }, "Error: Required argument missing for command: 'pull'.")]
    [InlineData(new[] { "pull", "--bogus", "alpine" }, "Error: unknown flag: --bogus. See 'dotnet image pull --help'.")]
    public async Task Bad_flags_and_values_get_one_line_and_exit_code_1(string[] args, string expectedStart)
    {
        using var cli = new CliRunner();
        var (exit, output, error) = await cli.RunAsync(args);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_missing_tag_prints_dockers_error()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("pull", $"{Seed.Host}/library/small:nope");

        Assert.Equal((1, "", $"Error: manifest for {Seed.Host}/library/small:nope not found: manifest unknown: manifest unknown\n".ReplaceLineEndings()), result);
    }

    [Fact]
    public async Task A_moved_tag_is_reported_with_both_digests()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using var seeder = registry.CreateSeeder();
        using var factory = new ImageFactory();
        var before = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "golftrack-old" });
        var after = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "golftrack-new" });
        await seeder.PushImageAsync("golftrack", before, "1.5");
        using var cli = new CliRunner();
        await cli.RunAsync("pull", $"{registry.Host}/golftrack:1.5");
        await seeder.PushImageAsync("golftrack", after, "1.5");

        var (exit, output, _) = await cli.RunAsync("pull", $"{registry.Host}/golftrack:1.5");

        Assert.Equal(0, exit);
        Assert.Contains(
            $"Tag {registry.Host}/golftrack:1.5 moved from {before.Digest} to {after.Digest}; the previous image is now untagged (dangling)",
            output.Split(Environment.NewLine));
    }
}
