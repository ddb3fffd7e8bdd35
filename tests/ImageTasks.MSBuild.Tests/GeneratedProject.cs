namespace ImageTasks.MSBuild.Tests;

/// <summary>A real project in a temp folder that uses the ImageTasks package from the fixture's feed, with its own store.</summary>
internal sealed class GeneratedProject : IDisposable
{
    private readonly PackageFeedFixture _fixture;

    public GeneratedProject(PackageFeedFixture fixture, string items, string properties = "")
    {
        _fixture = fixture;
        Directory = System.IO.Directory.CreateTempSubdirectory("imagetasks-project-").FullName;
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), $"""
            <configuration>
              <packageSources><clear /><add key="local" value="{fixture.Feed}" /></packageSources>
            </configuration>
            """);
        File.WriteAllText(ProjectPath, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImageStorePath>{Store}</ImageStorePath>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ImageTasks" Version="0.1.0" />
                {items}
              </ItemGroup>
              <Target Name="ShowContainerBaseImage" AfterTargets="Build" Condition="'$(ContainerBaseImage)' != ''">
                <Message Importance="high" Text="ContainerBaseImage=$(ContainerBaseImage)" />
              </Target>
            </Project>
            """);
    }

    public string Directory { get; }

    public string ProjectPath => Path.Combine(Directory, "App.csproj");

    public string LockFile => Path.Combine(Directory, "images.lock.json");

    public string Store => Path.Combine(Directory, "store");

    /// <summary>The environment of every dotnet run here: the fixture's package cache, no credentials, not CI, this store.</summary>
    public Dictionary<string, string?> Environment => new()
    {
        ["NUGET_PACKAGES"] = _fixture.Packages,
        ["DOCKER_CONFIG"] = Path.Combine(Directory, "no-docker-config"),
        ["IMAGETASKS_HOME"] = Store,
        ["CI"] = null,
        ["ContinuousIntegrationBuild"] = null,
    };

    public Task<(int ExitCode, string Output)> BuildAsync(params string[] properties) =>
        RunAsync(["build", "-nodeReuse:false", "-nologo", "-v:m", .. properties.Select(p => "-p:" + p)]);

    /// <summary>The dotnet CLI in the project's folder with the project's isolated environment (its own packages, no CI).</summary>
    public Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => Dotnet.RunAsync(Directory, Environment, arguments);

    /// <summary>Runs <c>dotnet image ARGS</c> (the CLI built beside these tests) in the project's folder.</summary>
    public Task<(int ExitCode, string Output)> ImageAsync(params string[] args) => CliTool.RunAsync(Directory, Environment, args);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
