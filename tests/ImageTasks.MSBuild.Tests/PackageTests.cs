using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Testing;

namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// The package as NuGet delivers it: what it carries, which task assembly a build loads, when its targets run (never in
/// design-time builds, once per multi-targeting project) and what .NET Framework MSBuild is told.
/// </summary>
public sealed partial class PackageTests : IClassFixture<PackageFeedFixture>
{
    private static readonly string[] TaskAssemblies = ["ImageTasks.Core.dll", "ImageTasks.MSBuild.dll", "NuGet.Versioning.dll", "ZstdSharp.dll"];

    private readonly PackageFeedFixture _fixture;

    public PackageTests(PackageFeedFixture fixture) => _fixture = fixture;

    [Fact]
    public void The_package_carries_every_assembly_its_tasks_load_as_IL_and_as_ReadyToRun_for_linux_x64()
    {
        using var package = ZipFile.OpenRead(Assert.Single(Directory.GetFiles(_fixture.Feed, "ImageTasks.*.nupkg")));
        var entries = package.Entries.Select(e => e.FullName).ToList();

        Assert.Equal(TaskAssemblies, entries.Where(e => Regex.IsMatch(e, "^tasks/net10.0/[^/]+$")).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal));
        Assert.Equal(TaskAssemblies, entries.Where(e => Regex.IsMatch(e, "^tasks/net10.0/linux-x64/[^/]+$")).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.Build", StringComparison.Ordinal)); // the build that loads the tasks provides MSBuild
        Assert.Contains("build/ImageTasks.props", entries);
        Assert.Contains("build/ImageTasks.targets", entries);
        Assert.Contains("build/ImageTasks.xsd", entries);
        Assert.Contains("buildMultiTargeting/ImageTasks.props", entries);
        Assert.Contains("buildMultiTargeting/ImageTasks.targets", entries);
        // The store server offline container publishing runs, with what it loads (IMG1030 without it).
        Assert.Contains("tasks/net10.0/serve/ImageTasks.ServeHost.dll", entries);
        Assert.Contains("tasks/net10.0/serve/ImageTasks.ServeHost.runtimeconfig.json", entries);
        Assert.Contains("tasks/net10.0/serve/ImageTasks.Serving.dll", entries);

        foreach (var assembly in TaskAssemblies)
        {
            Assert.False(IsReadyToRun(package.GetEntry($"tasks/net10.0/{assembly}")!), $"tasks/net10.0/{assembly} is IL only");
            Assert.True(IsReadyToRun(package.GetEntry($"tasks/net10.0/linux-x64/{assembly}")!), $"tasks/net10.0/linux-x64/{assembly} is ReadyToRun");
        }
    }

    [Fact]
    public async Task A_pack_into_artifacts_output_carries_the_tasks_and_the_store_server()
    {
        // UseArtifactsOutput moves every output folder (bin, obj, the ReadyToRun publish) under ArtifactsPath; the pack
        // must take the tasks and the store server from there, not from the default bin/ folders.
        var artifacts = Directory.CreateTempSubdirectory("imagetasks-artifacts-").FullName;
        try
        {
            var pack = await Dotnet.RunAsync(PackageFeedFixture.RepositoryRoot, new Dictionary<string, string?>(),
                "pack", "src/ImageTasks.MSBuild", "-c", "Release", "-nologo", "-nodeReuse:false", "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={artifacts}", "-o", Path.Combine(artifacts, "feed"));

            Assert.True(pack.ExitCode == 0, Tail(pack.Output));
            using var package = ZipFile.OpenRead(Assert.Single(Directory.GetFiles(Path.Combine(artifacts, "feed"), "ImageTasks.*.nupkg")));
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("tasks/net10.0/serve/ImageTasks.ServeHost.dll", entries);
            Assert.Contains("tasks/net10.0/serve/ImageTasks.ServeHost.runtimeconfig.json", entries);
            Assert.Equal(TaskAssemblies, entries.Where(e => Regex.IsMatch(e, "^tasks/net10.0/[^/]+$")).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal));
            Assert.Equal(TaskAssemblies, entries.Where(e => Regex.IsMatch(e, "^tasks/net10.0/linux-x64/[^/]+$")).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal));
            // The server built under ArtifactsPath, byte for byte (a build in the default bin/ differs: it embeds its own paths).
            var built = Assert.Single(Directory.GetFiles(Path.Combine(artifacts, "bin", "ImageTasks.ServeHost"), "ImageTasks.ServeHost.dll", SearchOption.AllDirectories));
            using var packed = new MemoryStream();
            using (var entry = package.GetEntry("tasks/net10.0/serve/ImageTasks.ServeHost.dll")!.Open())
            {
                entry.CopyTo(packed);
            }

            Assert.Equal(await File.ReadAllBytesAsync(built), packed.ToArray());
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    [Fact]
    public async Task A_linux_x64_SDK_loads_the_ReadyToRun_tasks_and_any_other_loads_the_IL_build()
    {
        var reference = _fixture.Seed.Reference(StandardSeed.SmallRepository, "1.0");
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{reference}" Platforms="linux/amd64" />""");

        var native = await project.RunAsync("build", "-nodeReuse:false", "-nologo", "-v:d");
        // Another SDK runtime (osx-arm64 here) has no ReadyToRun build in the package: the IL build, which loads anywhere.
        var other = await project.RunAsync("build", "-nodeReuse:false", "-nologo", "-v:d", "-p:NETCoreSdkRuntimeIdentifier=osx-arm64", "-p:ImageTagCheck=false");

        Assert.True(native.ExitCode == 0, Tail(native.Output));
        var nativeFolder = RuntimeInformation.RuntimeIdentifier == "linux-x64" ? "net10.0/linux-x64" : "net10.0";
        Assert.Matches($@"Using ""BeginBaseImages"" task from assembly ""[^""]*/imagetasks/0\.1\.0/[^""]*tasks/{Regex.Escape(nativeFolder)}/ImageTasks\.MSBuild\.dll""", native.Output);
        Assert.True(other.ExitCode == 0, Tail(other.Output));
        Assert.Matches(@"Using ""BeginBaseImages"" task from assembly ""[^""]*/imagetasks/0\.1\.0/[^""]*tasks/net10\.0/ImageTasks\.MSBuild\.dll""", other.Output);
        Assert.Contains("ImageTasks: ", other.Output, StringComparison.Ordinal); // the task ran, not only declared
    }

    [Fact]
    public async Task A_multi_targeting_project_resolves_once_in_its_outer_build_and_every_inner_build_uses_the_pin()
    {
        var reference = _fixture.Seed.Reference(StandardSeed.OciRepository, "1");
        var pinned = $"{reference}@{_fixture.Seed.Oci.Digest}";
        using var project = new GeneratedProject(_fixture, "",
            $"<TargetFramework></TargetFramework><TargetFrameworks>{MultiTargets}</TargetFrameworks><ContainerBaseImage>{reference}</ContainerBaseImage>");
        var head = $"/v2/{StandardSeed.OciRepository}/manifests/1";

        var first = await project.BuildAsync();

        Assert.True(first.ExitCode == 0, Tail(first.Output));
        Assert.Equal(1, Regex.Count(first.Output, "ImageTasks: wrote "));
        // The project prints ContainerBaseImage after Build: in the outer build and in each of the two inner builds.
        Assert.Equal(3, Regex.Count(first.Output, $"ContainerBaseImage={Regex.Escape(pinned)}"));
        Assert.Equal(_fixture.Seed.Oci.Digest, JsonDocument.Parse(File.ReadAllText(project.LockFile)).RootElement.GetProperty("images").GetProperty(reference).GetProperty("digest").GetString());

        var heads = await _fixture.Registry.CountRequestsAsync("HEAD", head);
        var again = await project.BuildAsync();
        Assert.True(again.ExitCode == 0, Tail(again.Output));
        Assert.Equal(heads + 1, await _fixture.Registry.CountRequestsAsync("HEAD", head)); // one tag check, not one per TargetFramework
        Assert.Equal(3, Regex.Count(again.Output, $"ContainerBaseImage={Regex.Escape(pinned)}"));

        // One TargetFramework alone (dotnet build -f) still resolves, in the project's outer instance.
        var single = await project.RunAsync("build", "-f", "net10.0", "-nodeReuse:false", "-nologo", "-v:m");
        Assert.True(single.ExitCode == 0, Tail(single.Output));
        Assert.Equal(heads + 2, await _fixture.Registry.CountRequestsAsync("HEAD", head));
        Assert.Equal(1, Regex.Count(single.Output, $"ContainerBaseImage={Regex.Escape(pinned)}"));
    }

    [Fact]
    public async Task Nothing_runs_in_design_time_builds_or_when_disabled_and_Framework_MSBuild_is_told_to_use_dotnet_build()
    {
        var reference = _fixture.Seed.Reference(StandardSeed.OciRepository, "1");
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{reference}" />""");
        var requests = await _fixture.Registry.CountRequestsAsync("HEAD", "/v2/") + await _fixture.Registry.CountRequestsAsync("GET", "/v2/");

        // Visual Studio's design-time builds (CPS passes DesignTimeBuild=true, the older project system BuildingProject=false)
        // call targets without building; the user's switch turns a real build's targets off.
        foreach (var settings in new[] { new[] { "-t:PullBaseImages", "-p:DesignTimeBuild=true" }, ["-t:PullBaseImages", "-p:BuildingProject=false"], ["-t:Build", "-p:ImageTasksEnabled=false"] })
        {
            var result = await project.RunAsync(["msbuild", "-restore", "-nodeReuse:false", "-nologo", "-v:m", .. settings]);
            Assert.True(result.ExitCode == 0, string.Join(" ", settings) + ": " + Tail(result.Output));
            Assert.False(File.Exists(project.LockFile), string.Join(" ", settings) + " wrote the lock");
        }

        Assert.Equal(requests, await _fixture.Registry.CountRequestsAsync("HEAD", "/v2/") + await _fixture.Registry.CountRequestsAsync("GET", "/v2/"));

        // .NET Framework MSBuild (MSBuildRuntimeType=Full, which no property can fake; the targets read it into this one).
        var framework = await project.BuildAsync("_ImageTasksOnFullFramework=true");
        Assert.NotEqual(0, framework.ExitCode);
        var error = Assert.Single(framework.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct());
        Assert.StartsWith($"{project.ProjectPath} : error IMG1040: {PackageErrors.DotnetBuildRequired}", error, StringComparison.Ordinal);
        Assert.False(File.Exists(project.LockFile));
    }

    /// <summary>Two TargetFrameworks this SDK builds with nothing downloaded (a library for the browser needs no workload).</summary>
    private const string MultiTargets = "net10.0;net10.0-browser";

    private static bool IsReadyToRun(ZipArchiveEntry entry)
    {
        using var bytes = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(bytes);
        }

        bytes.Position = 0;
        using var pe = new PEReader(bytes);
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static string Tail(string output) => output.Length > 4000 ? output[^4000..] : output;
}
