using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// containerd's platform rules through the real path: indexes pushed to the real registry, then <c>digest --platform</c>
/// (the resolver pull uses) picks an entry. Each case is one a table in ContainerdTableTests covers in memory.
/// </summary>
public sealed class PlatformPickTests : IClassFixture<StandardRegistryFixture>, IAsyncLifetime
{
    private readonly StandardRegistryFixture _fixture;
    private readonly Dictionary<string, SyntheticIndex> _indexes = new(StringComparer.Ordinal);

    public PlatformPickTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private string Host => _fixture.Seed.Host;

    public async Task InitializeAsync()
    {
        using var factory = new ImageFactory(seed: 11);
        using var seeder = new RegistrySeeder(_fixture.Registry.BaseUri);
        // One small layer shared by every entry: only the platforms differ.
        var layer = await factory.CreateLayerAsync(fileCount: 1, fileSize: 64);
        async Task Push(string name, params ImagePlatform[] platforms)
        {
            var images = platforms.Select(p => ImageFactory.CreateImage(
                new SyntheticImageOptions { Name = $"{name}-{p}-{p.OsVersion}-{p.OsFeatures?.Count}", Format = ManifestFormat.Oci, Platform = p }, [layer]));
            var index = ImageFactory.CreateIndex(ManifestFormat.Oci, images);
            await seeder.PushIndexAsync($"conform/{name}", index, "1");
            _indexes[name] = index;
        }

        await Push("arm64", new("linux", "arm64", "v8.6"), new("linux", "arm64", "v8.5"), new("linux", "arm64", "v9.0"));
        await Push("arm64-late", new("linux", "arm64", "v8.10"), new("linux", "arm", "v7"));
        await Push("windows", new("windows", "amd64", null, "10.0.20348.2227"), new("windows", "amd64", null, "10.0.17763.5576"));
        await Push("features", new ImagePlatform("linux", "amd64") { OsFeatures = ["gpu"] }, new("linux", "amd64"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Digest(string index, int entry) => _indexes[index].Images[entry].Digest;

    private static string Line(string text) => text + Environment.NewLine;

    [Theory]
    // v9.0 is v9: containerd picks it over v8.5 (an exact match ranks first)
    [InlineData("linux/arm64/v9", "arm64", 2)]
    [InlineData("linux/arm64/v9.0", "arm64", 2)]
    [InlineData("linux/arm64/v8.6", "arm64", 0)]
    // v9.x maps to v8.(x+5) only up to v8.9: v9.6 does not take v8.10, and falls to arm/v7
    [InlineData("linux/arm64/v9.6", "arm64-late", 1)]
    // a Windows Server 2025 or Windows 11 host runs the Windows Server 2022 image, not the 2019 one
    [InlineData("windows(10.0.26100)/amd64", "windows", 0)]
    [InlineData("windows(10.0.22621.1)/amd64", "windows", 0)]
    [InlineData("windows(10.0.17763)/amd64", "windows", 1)]
    // an entry that needs os.features only goes to a request that offers them
    [InlineData("linux/amd64", "features", 1)]
    [InlineData("linux(+gpu)/amd64", "features", 0)]
    public async Task Digest_platform_picks_what_containerd_picks(string platform, string index, int entry)
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("digest", "--platform", platform, $"{Host}/conform/{index}:1");

        Assert.Equal((0, Line(Digest(index, entry)), ""), result);
    }

    [Fact]
    public async Task A_windows_build_the_host_cannot_run_is_refused_and_the_error_keeps_the_asked_os_version()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("digest", "--platform", "windows(10.0.14393)/amd64", $"{Host}/conform/windows:1");

        Assert.Equal(
            (1, "", Line($"Error: no matching manifest for windows(10.0.14393)/amd64 in the manifest list entries of {Host}/conform/windows:1 (available: windows/amd64)")),
            result);
    }

    [Fact]
    public async Task Platform_on_inspect_history_and_rm_names_one_platform_of_the_image_the_store_holds()
    {
        using var cli = new CliRunner();
        var name = $"{Host}/conform/arm64:1";
        // Two platforms of one index: the tag follows the last pull (v9.0); v8.6 stays in the store beside it.
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", "--platform", "linux/arm64/v8.6", name)).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", "--platform", "linux/arm64/v9", name)).ExitCode);
        var older = _indexes["arm64"].Images[0].Config.Digest;
        var newer = _indexes["arm64"].Images[2].Config.Digest;

        Assert.Equal((0, Line(newer), ""), await cli.RunAsync("inspect", "--format", "{{.Id}}", name));
        Assert.Equal((0, Line(older), ""), await cli.RunAsync("inspect", "--platform", "linux/arm64/v8.6", "--format", "{{.Id}}", name));
        Assert.Equal((0, Line(newer), ""), await cli.RunAsync("inspect", "--platform", "linux/arm64/v9.0", "--format", "{{.Id}}", name));
        Assert.StartsWith(Line(older[7..19]), (await cli.RunAsync("history", "--platform", "linux/arm64/v8.6", "-q", name)).Output, StringComparison.Ordinal);

        // docker 28's words (its containerd store) for a platform the image does not hold; inspect still prints its array.
        var refusal = Line($"Error: image with reference {name} was found but does not provide the specified platform (linux/arm64/v8.5)");
        Assert.Equal((1, Line("[]"), refusal), await cli.RunAsync("inspect", "--platform", "linux/arm64/v8.5", name));
        Assert.Equal((1, "", refusal), await cli.RunAsync("history", "--platform", "linux/arm64/v8.5", name));

        // rm --platform removes that platform only: the name stays with the image it names.
        Assert.Equal((0, Line($"Deleted: {older}"), ""), await cli.RunAsync("rm", "--platform", "linux/arm64/v8.6", name));
        Assert.Equal(1, (await cli.RunAsync("inspect", "--platform", "linux/arm64/v8.6", name)).ExitCode);
        Assert.Equal((0, Line(newer), ""), await cli.RunAsync("inspect", "--format", "{{.Id}}", name));
    }

    [Fact]
    public async Task Ls_tree_shows_the_index_with_every_platform_and_which_one_the_store_holds()
    {
        using var cli = new CliRunner();
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", "--platform", "linux/arm64/v9", $"{Host}/conform/arm64:1")).ExitCode);

        var lines = (await cli.RunAsync("ls", "--tree")).Output.Split('\n');

        var index = _indexes["arm64"];
        var held = index.Images[2];
        var size = ImageTasks.Cli.Rendering.HumanUnits.Size(held.Size + held.Config.Size + held.Layers.Sum(l => l.Size));
        // The name column is 29 wide at most (80 columns less the others); docker cuts a longer name with an ellipsis.
        var name = $"{Host}/conform/arm64:1";
        Assert.StartsWith(name.Length > 29 ? name[..28] + "…" : name, lines[4], StringComparison.Ordinal);
        Assert.Contains($"{index.Digest[7..19]}", lines[4], StringComparison.Ordinal);
        Assert.Matches($"^├─ linux/arm64/v8.6 +{index.Images[0].Digest[7..19]} +0B +0B +$", lines[5]);
        Assert.Matches($"^├─ linux/arm64/v8.5 +{index.Images[1].Digest[7..19]} +0B +0B +$", lines[6]);
        Assert.Matches($"^└─ linux/arm64/v9.0 +{held.Digest[7..19]} +{size} +{size} +$", lines[7]);
        Assert.Equal((1, "", "Error: --quiet is not yet supported with --tree\n"), await cli.RunAsync("ls", "--tree", "-q"));
    }

    [Fact]
    public async Task Pull_platform_takes_the_same_entry()
    {
        using var cli = new CliRunner();

        var pull = await cli.RunAsync("pull", "-q", "--platform", "linux/arm64/v9", $"{Host}/conform/arm64:1");
        var inspect = await cli.RunAsync("inspect", "--format", "{{.Architecture}}/{{.Variant}}", $"{Host}/conform/arm64:1");

        Assert.True(pull.ExitCode == 0, pull.Error);
        Assert.Equal((0, Line("arm64/v9.0"), ""), inspect);
    }
}
