using ImageTasks.Cli.Rendering;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

public sealed class ListCommandTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public ListCommandTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private static string Id(string digest) => digest["sha256:".Length..][..12];

    [Fact]
    public async Task Ls_prints_dockers_columns_newest_first()
    {
        var seed = _fixture.Seed;
        using var factory = new ImageFactory();
        await using var registry = await RegistryProcess.StartAsync();
        using (var seeder = registry.CreateSeeder())
        {
            var older = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "older", Created = new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero) });
            var newer = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "newer", Created = DateTimeOffset.UtcNow.AddDays(-3) });
            await seeder.PushImageAsync("web/older", older, "1");
            await seeder.PushImageAsync("web/newer", newer, "2");
        }

        using var cli = new CliRunner();
        await cli.RunAsync("pull", "-q", $"{registry.Host}/web/older:1");
        await cli.RunAsync("pull", "-q", $"{registry.Host}/web/newer:2");
        await cli.RunAsync("pull", "-q", "--platform", "linux/arm64", $"{seed.Host}/multi/oci:1");

        var (exit, output, error) = await cli.RunAsync("ls");

        var arm = seed.MultiOci.ForPlatform("linux/arm64/v8");
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((0, ""), (exit, error));
        Assert.Equal(4, lines.Length);
        var width = $"{registry.Host}/web/older".Length + 3;
        var repoWidth = Math.Max(width, $"{seed.Host}/multi/oci".Length + 3);
        Assert.Equal("REPOSITORY".PadRight(repoWidth) + "TAG       IMAGE ID       CREATED       SIZE", lines[0]);
        Assert.Matches($"^{Escape(registry.Host)}/web/newer +2 +[0-9a-f]{{12}} +3 days ago +[0-9.]+kB$", lines[1]);
        Assert.Equal(
            $"{seed.Host}/multi/oci".PadRight(repoWidth) + "1         " + Id(arm.Config.Digest) + "   " + HumanUnits.Ago(new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero), DateTimeOffset.UtcNow) + "   " + HumanUnits.Size(arm.Layers.Sum(l => l.ContentSize)),
            lines[2]);
        Assert.StartsWith($"{registry.Host}/web/older".PadRight(repoWidth) + "1  ", lines[3], StringComparison.Ordinal);

        var quiet = await cli.RunAsync("ls", "-q");
        Assert.Equal(3, quiet.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(Id(arm.Config.Digest), quiet.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_on_an_empty_store_prints_the_header_only()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("images");
        Assert.Equal((0, "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE" + Environment.NewLine, ""), result);
    }

    private static string Escape(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
