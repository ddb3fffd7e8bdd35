using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// <c>ls</c> for images the build pulled: which projects use them ({{.Projects}}, <c>--filter project=</c>), which platform
/// a row is ({{.Platform}}), and that a project's pinned image is not dangling while an abandoned digest-only one is.
/// The images get into the store the way a build puts them there: LockOperation pins, PullPinnedOperation pulls and roots.
/// </summary>
public sealed class ListProjectsTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public ListProjectsTests(StandardRegistryFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Ls_names_the_projects_using_build_pulled_images_and_the_platform_of_each_row()
    {
        var seed = _fixture.Seed;
        using var cli = new CliRunner();
        var projects = Directory.CreateTempSubdirectory("imagetasks-projects-").FullName;
        try
        {
            var reference = seed.Reference(StandardSeed.MultiOciRepository, "1");
            var web = await BuildPullAsync(cli.Store, Path.Combine(projects, "web", "Web.csproj"), reference, "linux/amd64", "linux/arm64");
            var worker = await BuildPullAsync(cli.Store, Path.Combine(projects, "worker", "Worker.csproj"), reference, "linux/amd64");
            // An image pulled by digest from the command line, which no project uses: docker lists it as dangling.
            await cli.RunAsync("pull", "-q", $"{seed.Host}/{StandardSeed.OciRepository}@{seed.Oci.Digest}");
            var amd64 = Id(seed.MultiOci.ForPlatform("linux/amd64").Config.Digest);
            var arm64 = Id(seed.MultiOci.ForPlatform("linux/arm64/v8").Config.Digest);
            const string Format = "{{.ID}} {{.Platform}} {{.Projects}}";

            var all = await cli.RunAsync("ls", "--format", Format);

            Assert.Equal(0, all.ExitCode);
            var lines = Lines(all.Output);
            Assert.Contains($"{amd64} linux/amd64 {web},{worker}", lines);
            Assert.Contains($"{arm64} linux/arm64 {web}", lines); // the store records platforms normalized, as containerd does (arm64/v8 is arm64)
            Assert.EndsWith(" ", lines.Single(l => l.StartsWith(Id(seed.Oci.Image.Config.Digest), StringComparison.Ordinal)), StringComparison.Ordinal); // no project

            // By the project's name (with or without its extension), by its file, by its folder.
            Assert.Equal([$"{amd64} linux/amd64 {web},{worker}"], Lines((await cli.RunAsync("ls", "--filter", "project=Worker", "--format", Format)).Output));
            Assert.Equal([$"{amd64} linux/amd64 {web},{worker}"], Lines((await cli.RunAsync("ls", "--filter", $"project={worker}", "--format", Format)).Output));
            Assert.Equal(2, Lines((await cli.RunAsync("ls", "--filter", "project=Web.csproj", "-q")).Output).Length);
            Assert.Equal(2, Lines((await cli.RunAsync("ls", "--filter", $"project={Path.GetDirectoryName(web)}/", "-q")).Output).Length);
            Assert.Empty(Lines((await cli.RunAsync("ls", "--filter", "project=Nothing", "-q")).Output));

            // Pinned images are in use, not abandoned: dangling=true lists only the digest-only image nobody uses.
            var dangling = await cli.RunAsync("ls", "--filter", "dangling=true", "-q");
            Assert.Equal([Id(seed.Oci.Image.Config.Digest)], Lines(dangling.Output));

            // A project whose lock no longer names the image stops holding it; then it is dangling again.
            File.Delete(Path.Combine(Path.GetDirectoryName(worker)!, "images.lock.json"));
            Assert.Contains($"{amd64} linux/amd64 {web}", Lines((await cli.RunAsync("ls", "--format", Format)).Output));
            File.Delete(web);
            Assert.Equal(3, Lines((await cli.RunAsync("ls", "--filter", "dangling=true", "-q")).Output).Length);

            // Docker's own table and JSON stay docker's: no PROJECTS or PLATFORM column, no such keys in {{json .}}.
            var table = await cli.RunAsync("ls");
            Assert.StartsWith("REPOSITORY ", table.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("PROJECTS", table.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Projects", (await cli.RunAsync("ls", "--format", "{{json .}}")).Output, StringComparison.Ordinal);
            Assert.Matches("^PLATFORM +PROJECTS", Lines((await cli.RunAsync("ls", "--format", "table {{.Platform}}\t{{.Projects}}")).Output)[0]);

            var empty = await cli.RunAsync("ls", "--filter", "project=");
            Assert.Equal((1, ""), (empty.ExitCode, empty.Output));
            Assert.Contains("Invalid filter 'project=[]'", empty.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(projects, recursive: true);
        }
    }

    /// <summary>What the build does for a project: pin the reference in its lock, pull it, record the project's root.</summary>
    private static async Task<string> BuildPullAsync(string store, string project, string reference, params string[] platforms)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);
        await File.WriteAllTextAsync(project, "<Project />");
        var lockFile = Path.Combine(Path.GetDirectoryName(project)!, "images.lock.json");
        using var registry = new RegistryClient(new RegistryOptions());
        var images = new ImageStore(store);
        var locked = await new LockOperation(registry, images).ExecuteAsync(
            [new BaseImageRequest(reference, [.. platforms.Select(Platform.Parse)])], new LockOptions(lockFile), CancellationToken.None);
        Assert.False(locked.Failed, string.Join("; ", locked.Diagnostics.Select(d => d.Message)));
        var pulled = await new PullPinnedOperation(registry, images).ExecuteAsync(locked.Images, new PullPinnedOptions(project, lockFile, Offline: false), null, CancellationToken.None);
        Assert.Empty(pulled);
        return project;
    }

    private static string Id(string digest) => digest["sha256:".Length..][..12];

    private static string[] Lines(string output) => output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
