using System.Text.Json;
using ImageTasks.Testing;

namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// The air-gapped round trip: on the connected side the build locks and pulls the base image and <c>dotnet image save</c>
/// writes it to an archive; on the air-gapped side (another machine: a fresh store, the same project and lock, no
/// registry running) <c>dotnet image load</c> fills the store, and the offline build and PublishContainer succeed on it.
/// </summary>
public sealed class AirGappedRoundTripTests : IClassFixture<PackageFeedFixture>
{
    private readonly PackageFeedFixture _fixture;

    public AirGappedRoundTripTests(PackageFeedFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Saved_on_the_connected_side_loaded_on_the_air_gapped_side_the_offline_build_and_publish_use_the_pinned_image()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using var seed = await StandardSeed.SeedAsync(registry);
        var reference = seed.Reference(StandardSeed.MultiOciRepository, "1");
        var properties = $"""
            <OutputType>Exe</OutputType>
            <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
            <SelfContained>false</SelfContained>
            <EnableSdkContainerSupport>true</EnableSdkContainerSupport>
            <ContainerBaseImage>{reference}</ContainerBaseImage>
            <ContainerRepository>airgapped-app</ContainerRepository>
            """;
        const string program = "System.Console.WriteLine(\"air-gapped\");";

        // Connected side: the build locks the base image and pulls the pinned platform manifest into store A.
        using var connected = new GeneratedProject(_fixture, "", properties);
        await File.WriteAllTextAsync(Path.Combine(connected.Directory, "Program.cs"), program);
        var online = await connected.BuildAsync();
        Assert.True(online.ExitCode == 0, online.Output);
        var lockBytes = await File.ReadAllBytesAsync(connected.LockFile);
        var pinned = JsonDocument.Parse(lockBytes).RootElement.GetProperty("images").GetProperty(reference);
        Assert.Equal(seed.MultiOci.Digest, pinned.GetProperty("digest").GetString());
        var archive = Path.Combine(_fixture.Root, $"images-{Guid.NewGuid():N}.tar");
        // Saved by its tag, so the archive names the image (saved by digest it would load unnamed, as docker's does).
        var pull = await connected.ImageAsync("pull", "-q", reference);
        Assert.True(pull.ExitCode == 0, pull.Output);
        var save = await connected.ImageAsync("save", "-o", archive, reference);
        Assert.True(save.ExitCode == 0, save.Output);

        // No registry runs on the air-gapped side: this one, and the package fixture's (this class's own instance).
        await registry.StopAsync();
        await _fixture.Registry.StopAsync();

        // Air-gapped side: the same project and lock, an empty store B, nothing but the archive.
        using var airGapped = new GeneratedProject(_fixture, "", properties);
        await File.WriteAllTextAsync(Path.Combine(airGapped.Directory, "Program.cs"), program);
        await File.WriteAllBytesAsync(airGapped.LockFile, lockBytes);
        Assert.False(Directory.Exists(airGapped.Store) && Directory.EnumerateFileSystemEntries(airGapped.Store).Any());
        var load = await airGapped.ImageAsync("load", "-i", archive);
        Assert.True(load.ExitCode == 0, load.Output);
        Assert.Contains($"Loaded image: {reference}", load.Output, StringComparison.Ordinal);
        // The archive carried the image index the lock pins, and load restored it with the platform it held.
        var loaded = new Core.Store.ImageStore(airGapped.Store);
        Assert.True(loaded.HasBlob(Core.References.Digest.Parse(seed.MultiOci.Digest)), "the pinned index was not restored");
        Assert.Contains(loaded.ListImages(), r => r.RepoDigest?.ToString() == seed.MultiOci.Digest && r.Manifest.ToString() == seed.MultiOci.ForPlatform("linux/amd64").Digest);

        var build = await airGapped.BuildAsync("ImageOffline=true");
        Assert.True(build.ExitCode == 0, build.Output);
        var image = Path.Combine(airGapped.Directory, "airgapped-app.tar.gz");
        var publish = await airGapped.RunAsync("publish", "-t:PublishContainer", "-nodeReuse:false", "-nologo", "-v:m",
            "-p:ImageOffline=true", $"-p:ContainerArchiveOutputPath={image}");
        Assert.True(publish.ExitCode == 0, publish.Output);

        // The lock still pins exactly what was saved and loaded, and the image is built on its platform manifest.
        Assert.Equal(lockBytes, await File.ReadAllBytesAsync(airGapped.LockFile));
        var (config, _) = OfflinePublishTests.ReadArchive(image);
        var amd64 = seed.MultiOci.ForPlatform("linux/amd64");
        var baseLayers = amd64.Layers.Select(l => l.DiffId).ToList();
        var diffIds = config.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(baseLayers, diffIds.Take(baseLayers.Count));
        Assert.Equal(baseLayers.Count + 1, diffIds.Count);
        var labels = config.GetProperty("config").GetProperty("Labels");
        Assert.Equal(reference, labels.GetProperty("org.opencontainers.image.base.name").GetString());
        Assert.Equal(amd64.Digest, labels.GetProperty("org.opencontainers.image.base.digest").GetString());
    }
}
