using System.Text.Json;
using ImageTasks.Testing;

namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// The .NET SDK's own base image (no ContainerBaseImage: ComputeContainerBaseImage picks dotnet/runtime:10.0) pinned on
/// purpose, and PublishContainer building on the pinned digest: a real publish to the loopback registry, whose pushed
/// image is read back. ImageSdkBaseRegistry moves the inferred image from mcr.microsoft.com to that registry.
/// </summary>
public sealed class SdkBaseImageTests : IClassFixture<PackageFeedFixture>
{
    private readonly PackageFeedFixture _fixture;

    public SdkBaseImageTests(PackageFeedFixture fixture) => _fixture = fixture;

    private async Task<JsonElement> GetJsonAsync(string path, string accept)
    {
        using var client = _fixture.Registry.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task PublishContainer_builds_on_the_pinned_digest_of_the_SDK_base_image_and_labels_it()
    {
        var host = _fixture.Registry.Host;
        var repository = "published/app" + Guid.NewGuid().ToString("N")[..6];
        using (var seeder = _fixture.Registry.CreateSeeder())
        {
            await seeder.PushIndexAsync("dotnet/runtime", _fixture.Seed.MultiOci.Index, "10.0");
        }

        using var project = new GeneratedProject(_fixture, "", $"""
            <OutputType>Exe</OutputType>
            <ImageSdkBaseRegistry>{host}</ImageSdkBaseRegistry>
            <ContainerRuntimeIdentifier>linux-x64</ContainerRuntimeIdentifier>
            <ContainerRegistry>{host}</ContainerRegistry>
            <ContainerRepository>{repository}</ContainerRepository>
            """);
        await File.WriteAllTextAsync(Path.Combine(project.Directory, "Program.cs"), "System.Console.WriteLine(\"published\");\n");
        var environment = project.Environment;
        environment["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = host;

        var published = await Dotnet.RunAsync(project.Directory, environment, "publish", "-t:PublishContainer", "-nodeReuse:false", "-nologo", "-v:m");

        Assert.True(published.ExitCode == 0, published.Output);
        var sdkImage = $"{host}/dotnet/runtime:10.0";
        var entry = JsonDocument.Parse(File.ReadAllText(project.LockFile)).RootElement.GetProperty("images").GetProperty(sdkImage);
        Assert.Equal(_fixture.Seed.MultiOci.Digest, entry.GetProperty("digest").GetString());
        var amd64 = _fixture.Seed.MultiOci.ForPlatform("linux/amd64");
        Assert.Equal(amd64.Digest, entry.GetProperty("platforms").GetProperty("linux/amd64").GetString());

        var manifest = await GetJsonAsync($"/v2/{repository}/manifests/latest", FixtureMediaTypes.AllManifests);
        var layers = manifest.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()).ToList();
        var baseLayers = amd64.Layers.Select(l => l.Digest).ToList();
        Assert.Equal(baseLayers, layers.Take(baseLayers.Count)); // the pinned platform manifest's layers, then the app's
        Assert.True(layers.Count > baseLayers.Count, "the app's layer is on top");

        var config = await GetJsonAsync($"/v2/{repository}/blobs/{manifest.GetProperty("config").GetProperty("digest").GetString()}", "*/*");
        var labels = config.GetProperty("config").GetProperty("Labels");
        Assert.Equal(sdkImage, labels.GetProperty("org.opencontainers.image.base.name").GetString());
        Assert.Equal(amd64.Digest, labels.GetProperty("org.opencontainers.image.base.digest").GetString()); // the pinned platform manifest
    }

    [Fact]
    public async Task A_multi_RID_PublishContainer_builds_each_image_on_the_pinned_platform_manifest_online_and_from_the_store()
    {
        var host = _fixture.Registry.Host;
        var repository = "published/multi" + Guid.NewGuid().ToString("N")[..6];
        using (var seeder = _fixture.Registry.CreateSeeder())
        {
            await seeder.PushIndexAsync("dotnet/runtime", _fixture.Seed.MultiOci.Index, "10.0");
        }

        // The inner publishes need the RIDs restored. A framework-dependent app without an apphost needs no per-RID
        // pack, and restore is told not to fetch them: the test's private feed has none.
        using var project = new GeneratedProject(_fixture, "", $"""
            <OutputType>Exe</OutputType>
            <RuntimeIdentifiers>linux-x64;linux-arm64</RuntimeIdentifiers>
            <SelfContained>false</SelfContained>
            <UseAppHost>false</UseAppHost>
            <EnableRuntimePackDownload>false</EnableRuntimePackDownload>
            <EnableAppHostPackDownload>false</EnableAppHostPackDownload>
            <ImageSdkBaseRegistry>{host}</ImageSdkBaseRegistry>
            <ContainerRuntimeIdentifiers>linux-x64;linux-arm64</ContainerRuntimeIdentifiers>
            <ContainerRepository>{repository}</ContainerRepository>
            """);
        await File.WriteAllTextAsync(Path.Combine(project.Directory, "Program.cs"), "System.Console.WriteLine(\"published\");\n");
        var environment = project.Environment;
        environment["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = host;

        var published = await Dotnet.RunAsync(project.Directory, environment, "publish", "-t:PublishContainer", "-nodeReuse:false", "-nologo", "-v:m", $"-p:ContainerRegistry={host}");

        Assert.True(published.ExitCode == 0, published.Output);
        var sdkImage = $"{host}/dotnet/runtime:10.0";
        var entry = JsonDocument.Parse(File.ReadAllText(project.LockFile)).RootElement.GetProperty("images").GetProperty(sdkImage);
        Assert.Equal(_fixture.Seed.MultiOci.Digest, entry.GetProperty("digest").GetString());
        var pinnedPlatforms = entry.GetProperty("platforms").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(["linux/amd64", "linux/arm64"], pinnedPlatforms.Keys.Select(p => string.Join('/', p.Split('/').Take(2))).Order());

        var index = await GetJsonAsync($"/v2/{repository}/manifests/latest", FixtureMediaTypes.AllManifests);
        var pushed = new List<(string Architecture, JsonElement Manifest, JsonElement Config)>();
        foreach (var image in index.GetProperty("manifests").EnumerateArray())
        {
            var manifest = await GetJsonAsync($"/v2/{repository}/manifests/{image.GetProperty("digest").GetString()}", FixtureMediaTypes.AllManifests);
            var config = await GetJsonAsync($"/v2/{repository}/blobs/{manifest.GetProperty("config").GetProperty("digest").GetString()}", "*/*");
            pushed.Add((image.GetProperty("platform").GetProperty("architecture").GetString()!, manifest, config));
        }

        AssertBuiltOnPinnedPlatforms(pushed, pinnedPlatforms, sdkImage);

        // Offline, into an archive: the outer build serves the store, and each RID's inner build reads from it.
        var archive = Path.Combine(project.Directory, "multi.tar.gz");
        var offline = await project.RunAsync("publish", "-t:PublishContainer", "-nodeReuse:false", "-nologo", "-v:m", "-p:ImageOffline=true", $"-p:ContainerArchiveOutputPath={archive}");

        Assert.True(offline.ExitCode == 0, offline.Output);
        Assert.Contains("served from the image store", offline.Output, StringComparison.Ordinal);
        var documents = OfflinePublishTests.ReadArchiveDocuments(archive);
        var archivedIndex = OfflinePublishTests.ArchiveBlob(documents, JsonDocument.Parse(documents["index.json"]).RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!);
        var archived = archivedIndex.GetProperty("manifests").EnumerateArray().Select(image =>
        {
            var manifest = OfflinePublishTests.ArchiveBlob(documents, image.GetProperty("digest").GetString()!);
            return (image.GetProperty("platform").GetProperty("architecture").GetString()!, manifest,
                OfflinePublishTests.ArchiveBlob(documents, manifest.GetProperty("config").GetProperty("digest").GetString()!));
        }).ToList();
        AssertBuiltOnPinnedPlatforms(archived, pinnedPlatforms, sdkImage);
    }

    /// <summary>
    /// One image per pinned platform, each on that platform's pinned manifest: its layers first, then the app's one, and
    /// labelled with the image's declared name and that manifest's digest.
    /// </summary>
    private void AssertBuiltOnPinnedPlatforms(List<(string Architecture, JsonElement Manifest, JsonElement Config)> images, Dictionary<string, string> pinnedPlatforms, string declared)
    {
        Assert.Equal(pinnedPlatforms.Keys.Select(p => p.Split('/')[1]).Order(), images.Select(i => i.Architecture).Order());
        foreach (var (platform, pinnedManifest) in pinnedPlatforms)
        {
            var (_, manifest, config) = images.Single(i => i.Architecture == platform.Split('/')[1]);
            var layers = manifest.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()).ToList();
            var baseLayers = _fixture.Seed.MultiOci.Index.Images.Single(i => i.Digest == pinnedManifest).Layers.Select(l => l.Digest).ToList();
            Assert.Equal(baseLayers, layers.Take(baseLayers.Count));
            Assert.Equal(baseLayers.Count + 1, layers.Count);

            var labels = config.GetProperty("config").GetProperty("Labels");
            Assert.Equal(declared, labels.GetProperty("org.opencontainers.image.base.name").GetString());
            Assert.Equal(pinnedManifest, labels.GetProperty("org.opencontainers.image.base.digest").GetString());
        }
    }

    [Fact]
    public async Task A_ContainerBaseImage_tag_given_with_p_warns_in_a_developer_build_and_fails_a_locked_one()
    {
        var tag = _fixture.Seed.Reference(StandardSeed.SmallRepository, "1.0");
        using var project = new GeneratedProject(_fixture, "");

        var developer = await project.BuildAsync($"ContainerBaseImage={tag}");

        Assert.True(developer.ExitCode == 0, developer.Output);
        Assert.Contains("warning IMG1023", developer.Output, StringComparison.Ordinal);
        Assert.Contains($"Pass -p:ContainerBaseImage={tag}@{_fixture.Seed.Small.Digest} or set ContainerBaseImage in the project instead", developer.Output, StringComparison.Ordinal);

        var locked = await project.BuildAsync($"ContainerBaseImage={tag}", "ImageLockedMode=true");
        Assert.NotEqual(0, locked.ExitCode);
        Assert.Contains("error IMG1023", locked.Output, StringComparison.Ordinal);
    }
}
