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

    public Task<(int ExitCode, string Output)> BuildAsync(params string[] properties) =>
        DotnetAsync(["build", "-nodeReuse:false", "-nologo", "-v:m", .. properties.Select(p => "-p:" + p)]);

    /// <summary>Any dotnet command in the project's folder, with its private package folder and no CI settings.</summary>
    public Task<(int ExitCode, string Output)> DotnetAsync(params string[] args) =>
        Dotnet.RunAsync(Directory, new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = _fixture.Packages,
            ["DOCKER_CONFIG"] = Path.Combine(Directory, "no-docker-config"),
            ["CI"] = null,
            ["ContinuousIntegrationBuild"] = null,
        }, args);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
