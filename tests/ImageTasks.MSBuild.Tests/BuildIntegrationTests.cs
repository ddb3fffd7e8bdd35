using System.Text.Json;
using System.Text.RegularExpressions;
using ImageTasks.Testing;

namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// Real <c>dotnet build</c>s of generated projects that reference the ImageTasks package from a local feed, against the
/// real distribution registry. Requests are counted in the registry's access log.
/// </summary>
public sealed class BuildIntegrationTests : IClassFixture<PackageFeedFixture>
{
    private readonly PackageFeedFixture _fixture;

    public BuildIntegrationTests(PackageFeedFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    private static JsonElement LockEntry(GeneratedProject project, string reference) =>
        JsonDocument.Parse(File.ReadAllText(project.LockFile)).RootElement.GetProperty("images").GetProperty(reference);

    private async Task<int> RequestsAsync(string method, string path) => await _fixture.Registry.CountRequestsAsync(method, path);

    [Fact]
    public async Task First_build_writes_the_lock_the_second_downloads_nothing_and_only_checks_the_tag()
    {
        var reference = Seed.Reference(StandardSeed.MultiOciRepository, "1");
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{reference}" Platforms="linux/amd64;linux/arm64" />""");

        var first = await project.BuildAsync();

        Assert.True(first.ExitCode == 0, first.Output);
        var entry = LockEntry(project, reference);
        Assert.Equal(Seed.MultiOci.Digest, entry.GetProperty("digest").GetString());
        Assert.Equal("application/vnd.oci.image.index.v1+json", entry.GetProperty("mediaType").GetString());
        Assert.Equal(Seed.MultiOci.PlatformDigests["linux/amd64"], entry.GetProperty("platforms").GetProperty("linux/amd64").GetString());
        Assert.Equal(Seed.MultiOci.PlatformDigests["linux/arm64/v8"], entry.GetProperty("platforms").GetProperty("linux/arm64").GetString());
        var lockText = await File.ReadAllTextAsync(project.LockFile);

        var (heads, gets, blobs) = (await RequestsAsync("HEAD", "/v2/multi/oci/manifests/1"), await RequestsAsync("GET", "/v2/multi/oci/manifests/"), await RequestsAsync("GET", "/v2/multi/oci/blobs/"));
        var second = await project.BuildAsync();

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(heads + 1, await RequestsAsync("HEAD", "/v2/multi/oci/manifests/1"));
        Assert.Equal(gets, await RequestsAsync("GET", "/v2/multi/oci/manifests/"));
        Assert.Equal(blobs, await RequestsAsync("GET", "/v2/multi/oci/blobs/"));
        Assert.Equal(lockText, await File.ReadAllTextAsync(project.LockFile)); // unchanged, not even its timestamps

        var noCheck = await project.BuildAsync("ImageTagCheck=false");
        Assert.True(noCheck.ExitCode == 0, noCheck.Output);
        Assert.Equal(heads + 1, await RequestsAsync("HEAD", "/v2/multi/oci/manifests/1")); // no request at all this time
        Assert.Equal(gets, await RequestsAsync("GET", "/v2/multi/oci/manifests/"));
        Assert.Equal(blobs, await RequestsAsync("GET", "/v2/multi/oci/blobs/"));
    }

    [Fact]
    public async Task A_re_pushed_tag_fails_the_build_naming_both_digests_or_warns_and_keeps_the_pinned_image()
    {
        using var factory = new ImageFactory();
        using var seeder = _fixture.Registry.CreateSeeder();
        var pinnedImage = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "golftrack-vulnerable" });
        var replacement = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "golftrack-fixed" });
        var repository = "golftrack" + Guid.NewGuid().ToString("N")[..8];
        await seeder.PushImageAsync(repository, pinnedImage, "1.5");
        var reference = $"{_fixture.Registry.Host}/{repository}:1.5";
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{reference}" Platforms="linux/amd64" />""");
        Assert.Equal(0, (await project.BuildAsync()).ExitCode);

        await seeder.PushImageAsync(repository, replacement, "1.5");
        var failed = await project.BuildAsync();

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains($"{project.ProjectPath} : error IMG1001", failed.Output, StringComparison.Ordinal); // reported against the project
        Assert.Contains($"pinned to {pinnedImage.Digest} but now points to {replacement.Digest}", failed.Output, StringComparison.Ordinal);
        Assert.Contains("dotnet image lock --update", failed.Output, StringComparison.Ordinal);
        Assert.Equal(pinnedImage.Digest, LockEntry(project, reference).GetProperty("digest").GetString());

        var warned = await project.BuildAsync("ImageTagMutation=Warning");
        Assert.True(warned.ExitCode == 0, warned.Output);
        Assert.Contains("warning IMG1001", warned.Output, StringComparison.Ordinal);
        Assert.Equal(pinnedImage.Digest, LockEntry(project, reference).GetProperty("digest").GetString());
        Assert.True(File.Exists(Path.Combine(project.Store, "blobs", "sha256", pinnedImage.Digest["sha256:".Length..])), "the pinned image is the one in the store");
        Assert.False(File.Exists(Path.Combine(project.Store, "blobs", "sha256", replacement.Digest["sha256:".Length..])));

        var accepted = await project.BuildAsync("ImageLockUpdate=true");
        Assert.True(accepted.ExitCode == 0, accepted.Output);
        Assert.Equal(replacement.Digest, LockEntry(project, reference).GetProperty("digest").GetString());
    }

    [Fact]
    public async Task A_registry_that_never_answers_fails_the_build_after_ImageTimeout_naming_the_host()
    {
        await using var server = HostileServer.Start((_, response, token) => response.StallAsync(token));
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{server.Host}/app:1" />""");

        var result = await project.BuildAsync("ImageTimeout=1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"registry {server.Host} sent no response headers within 1s", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locked_mode_without_a_lock_fails_and_writes_nothing()
    {
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{Seed.Reference(StandardSeed.OciRepository, "1")}" />""");

        var result = await project.BuildAsync("ContinuousIntegrationBuild=true");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error IMG1002", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(project.LockFile));
    }

    [Fact]
    public async Task A_lock_file_that_cannot_be_written_is_one_coded_error_without_a_stack_trace()
    {
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{Seed.Reference(StandardSeed.OciRepository, "1")}" />""");
        // The tests run as root, for whom a read-only folder is writable; a file where the lock's folder should be is not.
        var blocker = Path.Combine(project.Directory, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "");
        var lockFile = Path.Combine(blocker, "images.lock.json");

        var result = await project.BuildAsync($"ImageLockFile={lockFile}");

        Assert.NotEqual(0, result.ExitCode);
        var error = Assert.Single(result.Output.Split('\n').Select(line => line.Trim()).Where(line => line.Contains(": error ", StringComparison.Ordinal)).Distinct());
        Assert.Matches($@"{Regex.Escape(project.ProjectPath)} : error IMG(1011|2010): .*{Regex.Escape(blocker)}", error);
        Assert.DoesNotContain("MSB4018", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_identifier_the_index_lacks_fails_verification_listing_the_platforms()
    {
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{Seed.Reference(StandardSeed.MultiDockerRepository, "1")}" />""");

        var result = await project.BuildAsync("RuntimeIdentifier=linux-s390x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error IMG1010", result.Output, StringComparison.Ordinal);
        Assert.Contains("has no manifest for linux/s390x", result.Output, StringComparison.Ordinal);
        Assert.Contains("linux/amd64, linux/arm64, linux/arm/v7, windows/amd64", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_identifier_pulls_its_platform_and_the_build_then_works_offline_without_the_registry()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using var seed = await StandardSeed.SeedAsync(registry);
        var reference = seed.Reference(StandardSeed.MultiOciRepository, "1");
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{reference}" />""");

        var online = await project.BuildAsync("RuntimeIdentifier=linux-arm64");

        Assert.True(online.ExitCode == 0, online.Output);
        var arm64 = seed.MultiOci.PlatformDigests["linux/arm64/v8"];
        Assert.Equal(arm64, LockEntry(project, reference).GetProperty("platforms").GetProperty("linux/arm64").GetString());
        var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Store, "index.json"))).RootElement.GetProperty("manifests");
        Assert.Equal(arm64, Assert.Single(index.EnumerateArray()).GetProperty("digest").GetString());

        await registry.StopAsync();
        var offline = await project.BuildAsync("RuntimeIdentifier=linux-arm64", "ImageOffline=true");
        Assert.True(offline.ExitCode == 0, offline.Output);

        var missing = await project.BuildAsync("RuntimeIdentifier=linux-x64", "ImageOffline=true");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("error IMG1005", missing.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContainerBaseImage_is_pinned_and_rewritten_to_the_pinned_form()
    {
        var reference = Seed.Reference(StandardSeed.SmallRepository, "1.0");
        using var project = new GeneratedProject(_fixture, "", $"<ContainerBaseImage>{reference}</ContainerBaseImage>");

        var result = await project.BuildAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"ContainerBaseImage={reference}@{Seed.Small.Digest}", result.Output, StringComparison.Ordinal);
        Assert.Equal(Seed.Small.Digest, LockEntry(project, reference).GetProperty("digest").GetString());
    }

    [Fact]
    public async Task ImageRegistryMirrors_sends_the_builds_pulls_through_the_mirror_and_a_bad_value_is_one_coded_error()
    {
        var origin = _fixture.Registry;
        await using var mirror = await RegistryProcess.StartAsync(new RegistryProcessOptions { ProxyRemoteUrl = origin.BaseUri });
        var reference = Seed.Reference(StandardSeed.SmallRepository, "1.0");
        var layer = Assert.Single(Seed.Small.Image.Layers).Digest;
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{reference}" />""",
            $"<ImageRegistryMirrors>{origin.Host}=http://{mirror.Host}</ImageRegistryMirrors>");

        var result = await project.BuildAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(1, await mirror.CountRequestsAsync("GET", "/blobs/" + layer));
        Assert.Equal(Seed.Small.Digest, LockEntry(project, reference).GetProperty("digest").GetString());

        var bad = await project.BuildAsync("ImageRegistryMirrors=mirror.example");

        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("error IMG2030: ImageRegistryMirrors: invalid mirror: no scheme specified for \"mirror.example\"", bad.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bad.Output, StringComparison.Ordinal);
    }
}
