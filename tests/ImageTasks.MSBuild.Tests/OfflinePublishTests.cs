using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageTasks.Testing;

namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// Offline container publishing: <c>dotnet publish -t:PublishContainer -p:ImageOffline=true</c> with every registry
/// stopped builds on the pinned base image from the store, which the build serves to the SDK's own container tasks; so
/// does a developer build that merely finds the registry unreachable (IMG1012), while a locked (CI) one fails. The image
/// goes where the SDK sends it: an archive (ContainerArchiveOutputPath) or a local registry (ContainerRegistry).
/// </summary>
public sealed partial class OfflinePublishTests : IClassFixture<PackageFeedFixture>
{
    private readonly PackageFeedFixture _fixture;

    public OfflinePublishTests(PackageFeedFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task With_the_registry_stopped_PublishContainer_builds_on_the_pinned_platform_manifest_from_the_store()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using var seed = await StandardSeed.SeedAsync(registry);
        var reference = seed.Reference(StandardSeed.MultiOciRepository, "1");
        using var project = await PinnedProjectAsync(reference);

        await registry.StopAsync();
        var archive = Path.Combine(project.Directory, "offline-app.tar.gz");
        var publish = await PublishAsync(project, "-p:ImageOffline=true", $"-p:ContainerArchiveOutputPath={archive}");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var served = ServedAddress().Match(publish.Output);
        Assert.True(served.Success, publish.Output);
        var config = AssertBuiltOnPinnedAmd64(seed, archive);
        // The labels name the image as declared and the platform manifest the image was built on, not the served address.
        var labels = config.GetProperty("config").GetProperty("Labels");
        Assert.Equal(reference, labels.GetProperty("org.opencontainers.image.base.name").GetString());
        Assert.Equal(seed.MultiOci.ForPlatform("linux/amd64").Digest, labels.GetProperty("org.opencontainers.image.base.digest").GetString());

        // The server went with the build.
        using var closed = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(async () => await closed.ConnectAsync(IPEndPoint.Parse(served.Groups["address"].Value)));

        // Or into a local registry (plain HTTP, as the SDK is told of it), with the base image's registry still stopped.
        await using var local = await RegistryProcess.StartAsync();
        var environment = project.Environment;
        environment["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = local.Host;
        var pushed = await Dotnet.RunAsync(project.Directory, environment,
            "publish", "-t:PublishContainer", "-nodeReuse:false", "-nologo", "-v:m", "-p:ImageOffline=true", $"-p:ContainerRegistry={local.Host}");

        Assert.True(pushed.ExitCode == 0, pushed.Output);
        using var client = local.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/offline-app/manifests/latest");
        request.Headers.TryAddWithoutValidation("Accept", FixtureMediaTypes.AllManifests);
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET the pushed manifest: {(int)response.StatusCode}\n{pushed.Output}");
        var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var layers = manifest.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()).ToList();
        var pinnedLayers = seed.MultiOci.ForPlatform("linux/amd64").Layers.Select(l => l.Digest).ToList();
        Assert.Equal(pinnedLayers, layers.Take(pinnedLayers.Count)); // the pinned platform manifest's layers, then the app's
        Assert.Equal(pinnedLayers.Count + 1, layers.Count);
    }

    [Fact]
    public async Task With_the_registry_unreachable_a_developer_PublishContainer_uses_the_store_and_a_locked_one_fails()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using var seed = await StandardSeed.SeedAsync(registry);
        using var project = await PinnedProjectAsync(seed.Reference(StandardSeed.MultiOciRepository, "1"));
        var lockBytes = await File.ReadAllBytesAsync(project.LockFile);

        await registry.StopAsync();
        var archive = Path.Combine(project.Directory, "unreachable-app.tar.gz");
        var developer = await PublishAsync(project, $"-p:ContainerArchiveOutputPath={archive}");

        Assert.True(developer.ExitCode == 0, developer.Output);
        Assert.Contains("warning IMG1012", developer.Output, StringComparison.Ordinal);
        Assert.Matches(ServedAddress(), developer.Output);
        AssertBuiltOnPinnedAmd64(seed, archive);

        var locked = await PublishAsync(project, "-p:ImageLockedMode=true", $"-p:ContainerArchiveOutputPath={archive}.ci");
        Assert.NotEqual(0, locked.ExitCode);
        Assert.Contains("error IMG1008", locked.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(ServedAddress(), locked.Output);
        Assert.False(File.Exists(archive + ".ci"), "a locked build that failed published nothing");
        Assert.Equal(lockBytes, await File.ReadAllBytesAsync(project.LockFile));
    }

    /// <summary>A linux-x64 console app on <paramref name="reference"/>, built once with the registry up: pinned and pulled.</summary>
    private async Task<GeneratedProject> PinnedProjectAsync(string reference)
    {
        var project = new GeneratedProject(_fixture, "", $"""
            <OutputType>Exe</OutputType>
            <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
            <SelfContained>false</SelfContained>
            <EnableSdkContainerSupport>true</EnableSdkContainerSupport>
            <ContainerBaseImage>{reference}</ContainerBaseImage>
            <ContainerRepository>offline-app</ContainerRepository>
            """);
        await File.WriteAllTextAsync(Path.Combine(project.Directory, "Program.cs"), "System.Console.WriteLine(\"offline\");");
        var online = await project.BuildAsync();
        Assert.True(online.ExitCode == 0, online.Output);
        return project;
    }

    private static Task<(int ExitCode, string Output)> PublishAsync(GeneratedProject project, params string[] arguments) =>
        project.RunAsync(["publish", "-t:PublishContainer", "-nodeReuse:false", "-nologo", "-v:m", .. arguments]);

    /// <summary>The archived image's layers: the pinned linux/amd64 manifest's, then the app's one. Returns its config.</summary>
    private static JsonElement AssertBuiltOnPinnedAmd64(StandardSeed seed, string archive)
    {
        var (config, _) = ReadArchive(archive);
        var baseLayers = seed.MultiOci.ForPlatform("linux/amd64").Layers.Select(l => l.DiffId).ToList();
        var diffIds = config.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(baseLayers, diffIds.Take(baseLayers.Count));
        Assert.Equal(baseLayers.Count + 1, diffIds.Count);
        return config;
    }

    /// <summary>The image config of the SDK's archive (Docker's manifest.json, or an OCI layout), gzip or not.</summary>
    internal static (JsonElement Config, JsonElement Manifest) ReadArchive(string path)
    {
        var entries = ReadArchiveDocuments(path);
        if (entries.TryGetValue("manifest.json", out var docker))
        {
            var manifest = JsonDocument.Parse(docker).RootElement[0];
            return (JsonDocument.Parse(entries[manifest.GetProperty("Config").GetString()!]).RootElement, manifest);
        }

        var index = JsonDocument.Parse(entries["index.json"]).RootElement;
        var oci = ArchiveBlob(entries, index.GetProperty("manifests")[0].GetProperty("digest").GetString()!);
        return (ArchiveBlob(entries, oci.GetProperty("config").GetProperty("digest").GetString()!), oci);
    }

    /// <summary>A JSON document of an archive's OCI layout, by digest.</summary>
    internal static JsonElement ArchiveBlob(Dictionary<string, byte[]> entries, string digest) =>
        JsonDocument.Parse(entries["blobs/" + digest.Replace(':', '/')]).RootElement;

    /// <summary>The documents of an image archive (every entry under 1 MiB: the layers are not needed), gzip or not.</summary>
    internal static Dictionary<string, byte[]> ReadArchiveDocuments(string path)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var file = File.OpenRead(path))
        {
            var gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
            file.Position = 0;
            using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            using var tar = new TarReader(stream);
            while (tar.GetNextEntry() is { } entry)
            {
                // Documents only: the layers (the app's is the large one) are not needed to read the config.
                if (entry.DataStream is { } data && entry.Length < 1 << 20)
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    entries[entry.Name.TrimStart('.', '/')] = copy.ToArray();
                }
            }
        }

        return entries;
    }

    [GeneratedRegex(@"served from the image store on (?<address>127\.0\.0\.1:[0-9]+)")]
    private static partial Regex ServedAddress();
}
