using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary><c>dotnet image digest</c> against the real registry: the digest, and the requests it took.</summary>
public sealed class DigestCommandTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public DigestCommandTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    private static string Line(string text) => text + Environment.NewLine;

    [Fact]
    public async Task A_tags_digest_takes_one_head_and_no_get()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        using var cli = new CliRunner();

        var result = await cli.RunAsync("digest", $"{proxy.Host}/library/small:1.0");

        Assert.Equal((0, Line(Seed.Small.Digest), ""), result);
        Assert.Equal(["HEAD /v2/library/small/manifests/1.0"], proxy.Requests.Where(r => r.Path.StartsWith("/v2/library", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal(0, proxy.Count("GET", "/manifests/"));
        Assert.Equal(0, proxy.Count("GET", "/blobs/"));
    }

    [Theory]
    [InlineData("library/small", "small")]
    [InlineData("multi/oci:1", "oci-index")]
    [InlineData("multi/docker:1", "docker-list")]
    public async Task Without_a_platform_the_digest_is_what_the_tag_points_to(string name, string which)
    {
        using var cli = new CliRunner();
        var expected = which switch
        {
            "small" => Seed.Small.Digest,
            "oci-index" => Seed.MultiOci.Digest,
            _ => Seed.MultiDocker.Digest,
        };

        Assert.Equal((0, Line(expected), ""), await cli.RunAsync("digest", $"{Seed.Host}/{name}"));
    }

    [Fact]
    public async Task A_platform_of_an_index_gives_that_platforms_manifest_digest_from_the_index_alone()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        using var cli = new CliRunner();

        var result = await cli.RunAsync("digest", "--platform", "linux/arm/v7", $"{proxy.Host}/multi/oci:1");

        Assert.Equal((0, Line(Seed.MultiOci.PlatformDigests["linux/arm/v7"]), ""), result);
        Assert.Equal(["GET /v2/multi/oci/manifests/1"], proxy.Requests.Where(r => r.Path.Contains("/manifests/", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal(0, proxy.Count("GET", "/blobs/"));
    }

    [Theory]
    [InlineData(StandardSeed.MultiDockerRepository, "linux/arm64", "linux/arm64/v8")]
    [InlineData(StandardSeed.MultiDockerRepository, "linux/amd64", "linux/amd64")]
    [InlineData(StandardSeed.MultiOciRepository, "windows/amd64", "windows/amd64")]
    [InlineData(StandardSeed.MultiOciRepository, "linux/aarch64", "linux/arm64/v8")]
    public async Task Platform_names_match_as_containerd_matches_them(string repository, string asked, string seeded)
    {
        using var cli = new CliRunner();
        var index = repository == StandardSeed.MultiOciRepository ? Seed.MultiOci : Seed.MultiDocker;

        var result = await cli.RunAsync("digest", "--platform", asked, Seed.Reference(repository, "1"));

        Assert.Equal((0, Line(index.PlatformDigests[seeded]), ""), result);
    }

    [Fact]
    public async Task A_single_platform_image_gives_its_own_digest_for_its_platform_and_refuses_another()
    {
        using var cli = new CliRunner();
        var reference = Seed.Reference(StandardSeed.OciRepository, "1");

        var matching = await cli.RunAsync("digest", "--platform", "linux/amd64", reference);
        var other = await cli.RunAsync("digest", "--platform", "linux/arm64", reference);

        Assert.Equal((0, Line(Seed.Oci.Digest), ""), matching);
        Assert.Equal(
            (1, "", Line($"Error: image with reference {reference} was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64")),
            other);
    }

    [Fact]
    public async Task A_platform_the_index_lacks_is_an_error_listing_what_it_has()
    {
        using var cli = new CliRunner();
        var reference = Seed.Reference(StandardSeed.MultiOciRepository, "1");

        var result = await cli.RunAsync("digest", "--platform", "linux/s390x", reference);

        Assert.Equal(
            (1, "", Line($"Error: no matching manifest for linux/s390x in the manifest list entries of {reference} (available: linux/amd64, linux/arm64, linux/arm/v7, windows/amd64)")),
            result);
    }

    [Fact]
    public async Task A_registry_that_refuses_head_is_asked_with_get()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        proxy.RespondWithStatus(FaultProxy.When("HEAD", "/manifests/"), 405);
        using var cli = new CliRunner();

        var result = await cli.RunAsync("digest", $"{proxy.Host}/library/small:latest");

        Assert.Equal((0, Line(Seed.Small.Digest), ""), result);
        Assert.Equal(["HEAD", "GET"], proxy.Requests.Where(r => r.Path.Contains("/manifests/", StringComparison.Ordinal)).Select(r => r.Method));
    }

    [Fact]
    public async Task A_digest_reference_is_confirmed_by_the_registry()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("digest", $"{Seed.Host}/library/small@{Seed.Small.Digest}");

        Assert.Equal((0, Line(Seed.Small.Digest), ""), result);
    }

    [Theory]
    [InlineData(new[] { "digest", "--platform", "linux/", "HOST/library/small:1.0" }, "Error: invalid platform \"linux/\": the architecture is empty; expected os/arch[/variant] such as linux/amd64 or linux/arm64/v8")]
    [InlineData(new[] { "digest", "Bad:Ref" }, "Error: invalid reference format: repository name (library/Bad) must be lowercase")]
    [InlineData(new[] { "digest", "HOST/library/small:nope" }, "Error: manifest for HOST/library/small:nope not found: manifest unknown")]
    [InlineData(new[] { "digest", "--bogus", "HOST/library/small" }, "Error: unknown flag: --bogus. See 'dotnet image digest --help'.")]
    [InlineData(new[] { "digest" }, "Error: Required argument missing for command: 'digest'. See 'dotnet image digest --help'.")]
    public async Task Bad_flags_and_values_get_one_line_and_exit_code_1(string[] args, string expected)
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync(args.Select(a => a.Replace("HOST", Seed.Host, StringComparison.Ordinal)).ToArray());

        Assert.Equal((1, "", Line(expected.Replace("HOST", Seed.Host, StringComparison.Ordinal))), result);
    }
}
