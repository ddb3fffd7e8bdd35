namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// <c>lock --verify</c>'s locked-mode failures name the CLI's flag, not the build's ImageLockedMode property. Neither
/// case sends a request (locked mode never resolves what the lock lacks), so the reference's registry need not exist.
/// The CLI evaluates the project with MSBuild, so the project uses the package from the test feed.
/// </summary>
public sealed class LockVerifyWordingTests : IClassFixture<PackageFeedFixture>
{
    private const string Reference = "registry.invalid:5000/app:1";

    private readonly PackageFeedFixture _fixture;

    public LockVerifyWordingTests(PackageFeedFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Verify_without_a_lock_or_with_a_lock_missing_the_reference_names_the_flag_and_writes_nothing()
    {
        using var project = new GeneratedProject(_fixture, $"""<BaseImage Include="{Reference}" Platforms="linux/amd64" />""");

        var missing = await project.ImageAsync("lock", "--verify", project.Directory);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"Error: IMG1002: {project.LockFile} does not exist, and --verify only checks an existing lock: run 'dotnet image lock' and commit the lock file", missing.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(project.LockFile));

        const string OtherPin = """{ "version": 1, "images": {} }""";
        await File.WriteAllTextAsync(project.LockFile, OtherPin);
        var unpinned = await project.ImageAsync("lock", "--verify", project.Directory);
        Assert.Equal(1, unpinned.ExitCode);
        Assert.Contains($"Error: IMG1003: {project.LockFile} does not pin {Reference} (--verify writes nothing): update the lock with 'dotnet image lock' and commit it", unpinned.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ImageLockedMode", missing.Output + unpinned.Output, StringComparison.Ordinal);
        Assert.Equal(OtherPin, await File.ReadAllTextAsync(project.LockFile));
    }
}
