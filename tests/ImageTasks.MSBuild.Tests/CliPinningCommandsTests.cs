using System.Text.Json;
using ImageTasks.Testing;

namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// The build's twins on the project as MSBuild evaluates it, where the text of the project file does not say it all:
/// a BaseImage in Directory.Build.props (the common layout), a re-pushed tag, an image removed.
/// </summary>
public sealed class CliPinningCommandsTests : IClassFixture<PackageFeedFixture>
{
    private readonly PackageFeedFixture _fixture;

    public CliPinningCommandsTests(PackageFeedFixture fixture) => _fixture = fixture;

    private static string PinnedDigest(GeneratedProject project, string reference) =>
        JsonDocument.Parse(File.ReadAllText(project.LockFile)).RootElement.GetProperty("images").GetProperty(reference).GetProperty("digest").GetString()!;

    [Fact]
    public async Task Verify_catches_a_re_pushed_tag_declared_in_Directory_Build_props_update_fixes_the_build_and_lock_drops_a_removed_image()
    {
        using var factory = new ImageFactory();
        using var seeder = _fixture.Registry.CreateSeeder();
        var first = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "props-first" });
        var second = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "props-second" });
        var repository = "props" + Guid.NewGuid().ToString("N")[..8];
        await seeder.PushImageAsync(repository, first, "1.5");
        await seeder.PushImageAsync(repository, first, "1.5.1");
        var reference = $"{_fixture.Registry.Host}/{repository}:1.5";
        using var project = new GeneratedProject(_fixture, "");
        var props = Path.Combine(project.Directory, "Directory.Build.props");
        await File.WriteAllTextAsync(props, $"""
            <Project><ItemGroup><BaseImage Include="{reference}" Platforms="linux/amd64" /></ItemGroup></Project>
            """);

        var locked = await project.ImageAsync("lock", project.Directory); // never restored: the CLI restores first
        Assert.True(locked.ExitCode == 0, locked.Output);
        Assert.Contains($"{reference}  {first.Digest}  linux/amd64", locked.Output, StringComparison.Ordinal);
        Assert.Equal(first.Digest, PinnedDigest(project, reference));

        await seeder.PushImageAsync(repository, second, "1.5");
        var lockText = await File.ReadAllTextAsync(project.LockFile);
        var verify = await project.ImageAsync("lock", "--verify", project.Directory);
        Assert.Equal(1, verify.ExitCode); // the false green the text reader gave
        Assert.Contains($"Error: IMG1001: The tag {reference} was mutated in the registry: it is pinned to {first.Digest} but now points to {second.Digest}.", verify.Output, StringComparison.Ordinal);
        Assert.Equal(lockText, await File.ReadAllTextAsync(project.LockFile));

        var outdated = await project.ImageAsync("outdated", project.Directory);
        Assert.True(outdated.ExitCode == 0, outdated.Output);
        Assert.Matches($@"{_fixture.Registry.Host}/{repository} +1\.5 +{first.Digest[7..19]} +{second.Digest[7..19]} +1\.5\.1", outdated.Output);

        var failing = await project.BuildAsync();
        Assert.Contains("error IMG1001", failing.Output, StringComparison.Ordinal);
        var update = await project.ImageAsync("lock", "--update", project.Directory);
        Assert.True(update.ExitCode == 0, update.Output);
        Assert.Equal(second.Digest, PinnedDigest(project, reference));
        var fixedBuild = await project.BuildAsync();
        Assert.True(fixedBuild.ExitCode == 0, fixedBuild.Output); // the fix the error message names fixes the build

        var other = _fixture.Seed.Reference(StandardSeed.OciRepository, "1");
        await File.WriteAllTextAsync(props, $"""
            <Project><ItemGroup><BaseImage Include="{other}" Platforms="linux/amd64" /></ItemGroup></Project>
            """);
        var unpinned = await project.ImageAsync("outdated", project.Directory);
        Assert.Contains($"Warning: {project.LockFile} does not pin {other}: run 'dotnet image lock'", unpinned.Output, StringComparison.Ordinal);
        var relocked = await project.ImageAsync("lock", project.ProjectPath);
        Assert.True(relocked.ExitCode == 0, relocked.Output);
        Assert.Contains($"Dropped {reference}: no project uses it", relocked.Output, StringComparison.Ordinal);
        var images = JsonDocument.Parse(File.ReadAllText(project.LockFile)).RootElement.GetProperty("images");
        Assert.Equal(new[] { other }, images.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task A_configuration_condition_and_p_properties_count_and_a_project_without_the_package_or_broken_is_one_coded_line()
    {
        using var project = new GeneratedProject(_fixture, $"""
            <BaseImage Include="{_fixture.Seed.Reference(StandardSeed.OciRepository, "1")}" Platforms="linux/amd64" Condition="'$(Configuration)' == 'Release'" />
            """);

        var debug = await project.ImageAsync("lock", project.Directory);
        Assert.True(debug.ExitCode == 0, debug.Output);
        Assert.Contains("No base images in App.csproj.", debug.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(project.LockFile));
        var release = await project.ImageAsync("lock", "-c", "Release", project.Directory);
        Assert.True(release.ExitCode == 0, release.Output);
        Assert.True(File.Exists(project.LockFile));
        var property = await project.ImageAsync("lock", "-p:ImageLockFile=other.lock.json", "-c", "Release", project.ProjectPath);
        Assert.True(property.ExitCode == 0, property.Output);
        Assert.True(File.Exists(Path.Combine(project.Directory, "other.lock.json")), property.Output);

        await File.WriteAllTextAsync(project.ProjectPath, (await File.ReadAllTextAsync(project.ProjectPath))
            .Replace("<PackageReference Include=\"ImageTasks\" Version=\"0.1.0\" />", "", StringComparison.Ordinal));
        var plain = await project.ImageAsync("lock", project.Directory);
        Assert.Equal(1, plain.ExitCode);
        Assert.Equal($"Error: {project.ProjectPath} does not use the ImageTasks package", plain.Output.Trim().Split(", so")[0]);
        Assert.Single(plain.Output.Trim().Split('\n'));

        await File.WriteAllTextAsync(project.ProjectPath, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        var broken = await project.ImageAsync("lock", project.Directory);
        Assert.Equal(1, broken.ExitCode);
        Assert.StartsWith($"Error: dotnet msbuild could not evaluate {project.ProjectPath} (exit code 1): ", broken.Output, StringComparison.Ordinal);
        Assert.Contains("error MSB4025", broken.Output, StringComparison.Ordinal); // MSBuild's own words, on one line
        Assert.Single(broken.Output.Trim().Split('\n'));
    }
}
