using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>The build's twins: lock, outdated and pin, against a registry whose tags the tests move.</summary>
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
    public async Task Lock_writes_verify_catches_a_moved_tag_and_update_accepts_it()
    {
        var (registry, seeder, factory) = await StartAsync();
        await using var _ = registry;
        using var __ = seeder;
        using var ___ = factory;
        var first = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "first" });
        var second = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "second" });
        await seeder.PushImageAsync("app", first, "1.5");
        using var cli = new CliRunner();
        var reference = $"{registry.Host}/app:1.5";
        ProjectWith(cli.Store, $"""<BaseImage Include="{reference}" Platforms="linux/amd64" />""");
        var lockFile = Path.Combine(cli.Store, "images.lock.json");

        Assert.Equal((0, $"{reference}  {first.Digest}  linux/amd64\nWrote {lockFile}\n".ReplaceLineEndings(), ""), await cli.RunAsync("lock", cli.Store));
        Assert.Equal((0, $"{reference}  {first.Digest}  linux/amd64\nimages.lock.json verified\n".ReplaceLineEndings(), ""), await cli.RunAsync("lock", "--verify", cli.Store));

        await seeder.PushImageAsync("app", second, "1.5");
        var lockText = await File.ReadAllTextAsync(lockFile);
        var (exit, _, error) = await cli.RunAsync("lock", "--verify", cli.Store);
        Assert.Equal(1, exit);
        Assert.StartsWith($"Error: IMG1001: The tag {reference} was mutated in the registry: it is pinned to {first.Digest} but now points to {second.Digest}.", error, StringComparison.Ordinal);
        Assert.Equal(lockText, await File.ReadAllTextAsync(lockFile));

        Assert.Equal((0, $"{reference}  {second.Digest}  linux/amd64\nWrote {lockFile}\n".ReplaceLineEndings(), ""), await cli.RunAsync("lock", "--update", cli.Store));
        Assert.Equal((1, "", "Error: --update and --verify cannot be used together: --verify never changes the lock\n".ReplaceLineEndings()), await cli.RunAsync("lock", "--update", "--verify", cli.Store));
    }

    [Fact]
    public async Task Outdated_shows_moved_tags_and_newer_tags_of_the_version_line()
    {
        var (registry, seeder, factory) = await StartAsync();
        await using var _ = registry;
        using var __ = seeder;
        using var ___ = factory;
        var image = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "base" });
        var other = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "other" });
        foreach (var tag in new[] { "3.19", "3.19.4", "3.20", "4.0" })
        {
            await seeder.PushImageAsync("base", image, tag);
        }

        using var cli = new CliRunner();
        ProjectWith(cli.Store, $"""<BaseImage Include="{registry.Host}/base:3.19" Platforms="linux/amd64" />""");
        Assert.Equal(0, (await cli.RunAsync("lock", cli.Store)).ExitCode);
        await seeder.PushImageAsync("base", other, "3.19");

        var patch = await cli.RunAsync("outdated", cli.Store);
        var id = image.Digest["sha256:".Length..][..12];
        var moved = other.Digest["sha256:".Length..][..12];
        var pad = $"{registry.Host}/base".Length + 3;
        Assert.Equal((0, ("IMAGE".PadRight(pad) + "TAG       PINNED         TAG NOW        NEWER TAG\n"
            + $"{registry.Host}/base".PadRight(pad) + $"3.19      {id}   {moved}   3.19.4\n").ReplaceLineEndings(), ""), patch);
        Assert.EndsWith("   3.20" + Environment.NewLine, (await cli.RunAsync("outdated", "--minor", cli.Store)).Output, StringComparison.Ordinal);
        Assert.EndsWith("   4.0" + Environment.NewLine, (await cli.RunAsync("outdated", "--major", cli.Store)).Output, StringComparison.Ordinal);
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
