using ImageTasks.Testing;

namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// One solution (.slnx) holding a project for each shape of declaring base images, built once by <c>dotnet build</c>
/// and locked once by <c>dotnet image lock</c>: each shape's lock, as each wrote it. Both run with the same -c Release
/// and SOURCE_DATE_EPOCH, so equal locks are equal bytes. One build and one CLI run for every shape: each costs seconds.
/// </summary>
public sealed class LockShapesFixture : IAsyncLifetime
{
    /// <summary>2023-11-14T22:13:20Z: what every new pin records as resolved.</summary>
    public const string SourceDateEpoch = "1700000000";

    /// <summary>What ComputeContainerBaseImage picks for a net10.0 (:10.0) or net9.0 (:9.0) console app, moved to the test registry by ImageSdkBaseRegistry.</summary>
    public const string SdkRuntimeRepository = "dotnet/runtime";

    private readonly PackageFeedFixture _feed = new();
    private readonly Dictionary<string, (byte[] Build, byte[] Cli)> _locks = new(StringComparer.Ordinal);

    public string Root { get; } = Directory.CreateTempSubdirectory("imagetasks-shapes-").FullName;

    public StandardSeed Seed => _feed.Seed;

    public string BuildOutput { get; private set; } = "";

    public string CliOutput { get; private set; } = "";

    /// <summary>The environment the build and the CLI ran in.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; private set; } = new Dictionary<string, string?>();

    /// <summary>Each shape's project folder (relative to the solution) and the lines its project file adds.</summary>
    public static IReadOnlyDictionary<string, (string Folder, string Properties, string Items)> Shapes(string host) => new Dictionary<string, (string, string, string)>
    {
        ["in the project"] = ("InProject", "", $"""<BaseImage Include="{host}/oci/app:1" Platforms="linux/amd64" />"""),
        ["in Directory.Build.props"] = ("FromProps", "", ""),
        ["under a Condition on Configuration"] = ("Conditional", "", $"""
            <BaseImage Include="{host}/shared/one:1" Platforms="linux/amd64" Condition="'$(Configuration)' == 'Release'" />
            <BaseImage Include="{host}/shared/two:1" Platforms="linux/amd64" Condition="'$(Configuration)' == 'Debug'" />
            """),
        ["from a property"] = ("FromProperty", "<BaseTag>1</BaseTag>", $"""<BaseImage Include="{host}/multi/oci:$(BaseTag)" Platforms="linux/amd64;linux/arm64" />"""),
        ["ContainerBaseImage explicit"] = ("Explicit", $"<ContainerBaseImage>{host}/multi/docker:1</ContainerBaseImage><ImagePlatforms>linux/amd64;linux/arm/v7</ImagePlatforms>", ""),
        ["inferred by the SDK, one RID"] = ("SdkOneRid", $"<OutputType>Exe</OutputType><ImageSdkBaseRegistry>{host}</ImageSdkBaseRegistry><ContainerRuntimeIdentifier>linux-arm64</ContainerRuntimeIdentifier>", ""),
        ["inferred by the SDK, several RIDs"] = ("SdkRids", $"<OutputType>Exe</OutputType><ImageSdkBaseRegistry>{host}</ImageSdkBaseRegistry><ContainerRuntimeIdentifiers>linux-x64;linux-arm64</ContainerRuntimeIdentifiers>", ""),
        // Multi-targeting: the outer build asks each TargetFramework what the SDK infers (runtime:10.0, runtime:9.0).
        ["inferred by the SDK, multi-targeting"] = ("SdkMulti", $"<TargetFramework></TargetFramework><TargetFrameworks>net10.0;net9.0</TargetFrameworks><OutputType>Exe</OutputType><ImageSdkBaseRegistry>{host}</ImageSdkBaseRegistry><ContainerRuntimeIdentifier>linux-x64</ContainerRuntimeIdentifier>", ""),
        ["several projects sharing one lock"] = ("Shared/A", "", $"""<BaseImage Include="{host}/oci/app:1" Platforms="linux/amd64" />"""),
        ["several projects sharing one lock (second)"] = ("Shared/B", "", $"""
            <BaseImage Include="{host}/oci/app:1" Platforms="linux/amd64" />
            <BaseImage Include="{host}/library/small:1.0" Platforms="linux/amd64" />
            """),
    };

    /// <summary>The lock file a shape's project writes (the two Shared projects write one).</summary>
    public string LockFileOf(string shape) => Shapes(Seed.Host)[shape].Folder.StartsWith("Shared/", StringComparison.Ordinal)
        ? Path.Combine(Root, "Shared", "images.lock.json")
        : Path.Combine(Root, Shapes(Seed.Host)[shape].Folder, "images.lock.json");

    public (byte[] Build, byte[] Cli) Locks(string shape) => _locks[LockFileOf(shape)];

    public async Task InitializeAsync()
    {
        await _feed.InitializeAsync();
        using (var seeder = _feed.Registry.CreateSeeder())
        {
            await seeder.PushIndexAsync(SdkRuntimeRepository, Seed.MultiOci.Index, "10.0");
            await seeder.PushIndexAsync(SdkRuntimeRepository, Seed.MultiDocker.Index, "9.0");
        }

        var host = Seed.Host;
        var store = Path.Combine(Root, "store");
        // nuget.org only for what the multi-targeting shape's net9.0 needs and the .NET 10 SDK does not carry: the 9.0
        // targeting and apphost packs (as the repository's own restore, it needs NuGet's feed).
        await File.WriteAllTextAsync(Path.Combine(Root, "nuget.config"), $"""
            <configuration>
              <packageSources><clear /><add key="local" value="{_feed.Feed}" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="ImageTasks" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        foreach (var (folder, properties, items) in Shapes(host).Values)
        {
            Directory.CreateDirectory(Path.Combine(Root, folder));
            var name = Path.GetFileName(folder);
            await File.WriteAllTextAsync(Path.Combine(Root, folder, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImageStorePath>{store}</ImageStorePath>
                    {properties}
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ImageTasks" Version="0.1.0" />
                    {items}
                  </ItemGroup>
                </Project>
                """);
            if (properties.Contains("<OutputType>Exe</OutputType>", StringComparison.Ordinal))
            {
                await File.WriteAllTextAsync(Path.Combine(Root, folder, "Program.cs"), "System.Console.WriteLine(\"shape\");\n");
            }
        }

        await File.WriteAllTextAsync(Path.Combine(Root, "FromProps", "Directory.Build.props"), $"""
            <Project>
              <ItemGroup><BaseImage Include="{host}/multi/oci:1" Platforms="linux/amd64;linux/arm64" /></ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(Root, "Shared", "Directory.Build.props"), """
            <Project>
              <PropertyGroup><ImageLockFile>$(MSBuildThisFileDirectory)images.lock.json</ImageLockFile></PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(Root, "Shapes.slnx"), "<Solution>\n"
            + string.Concat(Shapes(host).Values.Select(s => $"  <Project Path=\"{s.Folder}/{Path.GetFileName(s.Folder)}.csproj\" />\n"))
            + "</Solution>\n");

        var environment = Environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = _feed.Packages,
            ["DOCKER_CONFIG"] = Path.Combine(Root, "no-docker-config"),
            ["IMAGETASKS_HOME"] = store,
            ["SOURCE_DATE_EPOCH"] = SourceDateEpoch,
            ["CI"] = null,
            ["ContinuousIntegrationBuild"] = null,
        };

        // -m:1: the two Shared projects write one lock file; one node at a time keeps the build from racing on it.
        (var exit, BuildOutput) = await Dotnet.RunAsync(Root, environment, "build", "Shapes.slnx", "-c", "Release", "-m:1", "-nodeReuse:false", "-nologo", "-v:m");
        Assert.True(exit == 0, "the build failed: " + BuildOutput);
        var built = Shapes(host).Keys.Select(LockFileOf).Distinct().ToDictionary(path => path, path => File.Exists(path) ? File.ReadAllBytes(path) : []);
        foreach (var path in built.Keys)
        {
            File.Delete(path);
        }

        (exit, CliOutput) = await CliTool.RunAsync(Root, environment, "lock", "Shapes.slnx", "-c", "Release");
        Assert.True(exit == 0, "dotnet image lock failed: " + CliOutput);
        foreach (var (path, bytes) in built)
        {
            _locks[path] = (bytes, File.Exists(path) ? File.ReadAllBytes(path) : []);
        }
    }

    public async Task DisposeAsync()
    {
        await _feed.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
