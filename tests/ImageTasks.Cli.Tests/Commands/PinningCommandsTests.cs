using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// pin, against a registry whose tags the tests move. lock and outdated evaluate projects with MSBuild and need the
/// ImageTasks package: their tests are in ImageTasks.MSBuild.Tests (CliPinningCommandsTests, CliEqualsBuildLockTests).
/// </summary>
public sealed class PinningCommandsTests
{
    private static async Task<(RegistryProcess Registry, RegistrySeeder Seeder, ImageFactory Factory)> StartAsync()
    {
        var registry = await RegistryProcess.StartAsync();
        return (registry, registry.CreateSeeder(), new ImageFactory());
    }

    private static string ProjectWith(string folder, string items)
    {
        var path = Path.Combine(folder, "App.csproj");
        File.WriteAllText(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>{items}</ItemGroup>
            </Project>
            """);
        return path;
    }

    [Fact]
    public async Task Pin_rewrites_dockerfiles_and_project_files_and_leaves_what_it_cannot_pin()
    {
        var (registry, seeder, factory) = await StartAsync();
        await using var _ = registry;
        using var __ = seeder;
        using var ___ = factory;
        var build = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "sdk" });
        var runtime = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "runtime" });
        await seeder.PushImageAsync("sdk", build, "8.0");
        await seeder.PushImageAsync("runtime", runtime, "latest");
        using var cli = new CliRunner();
        var host = registry.Host;
        var dockerfile = Path.Combine(cli.Store, "Dockerfile");
        await File.WriteAllTextAsync(dockerfile, $"""
            # syntax=docker/dockerfile:1
            ARG BASE={host}/runtime
            FROM --platform=$BUILDPLATFORM {host}/sdk:8.0 AS build
            RUN echo build
            FROM build AS test
            FROM scratch AS empty
            FROM ${"{"}BASE{"}"}
            FROM {host}/runtime AS final
            COPY --from=build /app /app

            """);
        var project = ProjectWith(cli.Store, $"""<BaseImage Include="{host}/sdk:8.0" Platforms="linux/amd64" />""");
        await File.WriteAllTextAsync(project, (await File.ReadAllTextAsync(project)).Replace("</PropertyGroup>", $"<ContainerBaseImage>{host}/runtime</ContainerBaseImage></PropertyGroup>", StringComparison.Ordinal));

        var (exit, output, error) = await cli.RunAsync("pin", dockerfile, project);

        Assert.Equal(0, exit);
        var dockerText = await File.ReadAllTextAsync(dockerfile);
        Assert.Contains($"FROM --platform=$BUILDPLATFORM {host}/sdk:8.0@{build.Digest} AS build\n", dockerText, StringComparison.Ordinal);
        Assert.Contains("FROM build AS test\nFROM scratch AS empty\nFROM ${BASE}\n", dockerText, StringComparison.Ordinal);
        Assert.Contains($"FROM {host}/runtime:latest@{runtime.Digest} AS final\n", dockerText, StringComparison.Ordinal);
        Assert.Contains("# syntax=docker/dockerfile:1\n", dockerText, StringComparison.Ordinal);
        Assert.Contains($"{dockerfile}:7: ${{BASE}} left unchanged: it is built from a build argument or property", error, StringComparison.Ordinal);
        Assert.Contains($"{dockerfile}:3: {host}/sdk:8.0 -> {host}/sdk:8.0@{build.Digest}", output, StringComparison.Ordinal);

        var projectText = await File.ReadAllTextAsync(project);
        Assert.Contains($"<ContainerBaseImage>{host}/runtime:latest@{runtime.Digest}</ContainerBaseImage>", projectText, StringComparison.Ordinal);
        Assert.Contains($"<BaseImage Include=\"{host}/sdk:8.0@{build.Digest}\" Platforms=\"linux/amd64\" />", projectText, StringComparison.Ordinal);

        var again = await cli.RunAsync("pin", dockerfile);
        Assert.Equal(dockerText, await File.ReadAllTextAsync(dockerfile)); // already pinned: unchanged
        Assert.Contains("left unchanged: it is already pinned", again.Error, StringComparison.Ordinal);
    }
}
