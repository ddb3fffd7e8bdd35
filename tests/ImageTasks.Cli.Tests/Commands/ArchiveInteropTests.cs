using System.IO.Compression;
using ImageTasks.Core.Store;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// save and load against the real tools, both ways: docker 20.10 (its save's legacy form, and its load of ours),
/// skopeo's docker-archive: and oci-archive:, and podman's save and load. Same image IDs everywhere, and the manifest
/// digest kept wherever the archive carries the manifest.
/// </summary>
public sealed class ArchiveInteropTests : IClassFixture<ArchiveInteropFixture>, IDisposable
{
    private readonly ArchiveInteropFixture _fixture;
    private readonly string _folder = Directory.CreateTempSubdirectory("archive-interop-").FullName;

    public ArchiveInteropTests(ArchiveInteropFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    private DockerDaemon Docker => _fixture.Docker;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Id(SeededImage image) => image.Image.Config.Digest;

    private static string Lines(params string[] lines) => string.Join(Environment.NewLine, lines) + Environment.NewLine;

    private static void Succeeded(ProcessResult result, string what) => Assert.True(result.Succeeded, $"{what}: {result.StandardError}");

    [Fact]
    public async Task Docker_save_loads_from_a_file_and_gzipped_from_stdin_with_dockers_image_ids()
    {
        var small = Seed.Small.Reference(Seed.Host);
        var shared = Seed.SharedOne.Reference(Seed.Host);
        Succeeded(await Docker.RunAsync("pull", small), "docker pull");
        Succeeded(await Docker.RunAsync("pull", shared), "docker pull");
        var archive = Path.Combine(_folder, "docker.tar");
        Succeeded(await Docker.RunAsync("save", "-o", archive, small, shared), "docker save");

        using var cli = new CliRunner();
        var load = await cli.RunAsync("load", "-i", archive);

        Assert.Equal((0, ""), (load.ExitCode, load.Error));
        Assert.Equal(Lines($"Loaded image: {small}", $"Loaded image: {shared}").Split(Environment.NewLine).Order(), load.Output.Split(Environment.NewLine).Order());
        foreach (var (name, image) in new[] { (small, Seed.Small), (shared, Seed.SharedOne) })
        {
            var docker = await Docker.RunAsync("image", "inspect", "--format", "{{.Id}}", name);
            var ours = await cli.RunAsync("inspect", "--format", "{{.Id}}", name);
            Assert.Equal(Id(image), docker.StandardOutput.Trim());
            Assert.Equal(Id(image), ours.Output.Trim());
        }

        using var piped = new CliRunner { BinaryInput = Gzip(await File.ReadAllBytesAsync(archive)) };
        var fromStdin = await piped.RunAsync("load", "-q");
        Assert.Equal((0, ""), (fromStdin.ExitCode, fromStdin.Error));
        Assert.Contains($"Loaded image: {small}", fromStdin.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_save_loads_in_docker_with_the_same_image_ids_and_skopeo_reads_it_with_the_same_manifest_digest()
    {
        using var cli = new CliRunner();
        var small = Seed.Small.Reference(Seed.Host);
        var two = Seed.SharedTwo.Reference(Seed.Host);
        foreach (var name in new[] { small, two })
        {
            Assert.Equal(0, (await cli.RunAsync("pull", "-q", name)).ExitCode);
        }

        var save = await cli.RunAsync("save", small, two);
        Assert.Equal((0, "", ""), (save.ExitCode, save.Output, save.Error));
        var archive = Path.Combine(_folder, "ours.tar");
        await File.WriteAllBytesAsync(archive, cli.BinaryOutput);

        var load = await Docker.RunAsync("load", "-i", archive);
        Succeeded(load, "docker load");
        Assert.Contains($"Loaded image: {small}", load.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Loaded image: {two}", load.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(Id(Seed.Small), (await Docker.RunAsync("image", "inspect", "--format", "{{.Id}}", small)).StandardOutput.Trim());
        Assert.Equal(Id(Seed.SharedTwo), (await Docker.RunAsync("image", "inspect", "--format", "{{.Id}}", two)).StandardOutput.Trim());

        // skopeo reads the tar as docker's form, and as an OCI layout with the manifest byte for byte (the registry's
        // digest). skopeo 1.9's oci: transports skip index entries of Docker-typed manifests, so the OCI image is asked.
        var skopeo = new Skopeo();
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", Seed.Oci.Reference(Seed.Host))).ExitCode);
        var ociArchive = Path.Combine(_folder, "ours-oci.tar");
        Assert.Equal(0, (await cli.RunAsync("save", "-o", ociArchive, Seed.Oci.Reference(Seed.Host))).ExitCode);
        var raw = await skopeo.RunAsync("inspect", "--raw", $"oci-archive:{ociArchive}:{Seed.Oci.Tag}");
        Succeeded(raw, "skopeo inspect oci-archive:");
        Assert.Equal(Seed.Oci.Digest, Core.References.Digest.Compute(System.Text.Encoding.UTF8.GetBytes(raw.StandardOutput)).ToString());
        var config = await skopeo.RunAsync("inspect", "--config", "--raw", $"docker-archive:{archive}:{small}");
        Succeeded(config, "skopeo inspect docker-archive:");
        Assert.Equal(Id(Seed.Small), Core.References.Digest.Compute(System.Text.Encoding.UTF8.GetBytes(config.StandardOutput)).ToString());
    }

    [Fact]
    public async Task Skopeo_docker_archive_and_oci_archive_load_with_the_registrys_ids_and_the_oci_archive_keeps_its_digest()
    {
        var skopeo = new Skopeo();
        var source = $"docker://{Seed.Oci.Reference(Seed.Host)}";
        var dockerArchive = Path.Combine(_folder, "skopeo-docker.tar");
        var ociArchive = Path.Combine(_folder, "skopeo-oci.tar");
        Succeeded(await skopeo.RunAsync("--insecure-policy", "copy", "--src-tls-verify=false", source, $"docker-archive:{dockerArchive}:example.com/app:1"), "skopeo copy to docker-archive:");
        Succeeded(await skopeo.RunAsync("--insecure-policy", "copy", "--src-tls-verify=false", source, $"oci-archive:{ociArchive}:example.com/app:2"), "skopeo copy to oci-archive:");

        using var cli = new CliRunner();
        var fromDocker = await cli.RunAsync("load", "-i", dockerArchive);
        var fromOci = await cli.RunAsync("load", "-i", ociArchive);

        Assert.Equal((0, Lines("Loaded image: example.com/app:1"), ""), fromDocker);
        Assert.Equal((0, Lines("Loaded image: example.com/app:2"), ""), fromOci);
        var images = new ImageStore(cli.Store).ListImages();
        Assert.All(images, r => Assert.Equal(Id(Seed.Oci), r.Config.ToString()));
        Assert.Equal(Seed.Oci.Digest, images.Single(r => r.Reference!.Tag == "2").Manifest.ToString());

        // And back: our save of what skopeo wrote is read by skopeo as docker's form.
        var save = await cli.RunAsync("save", "-o", Path.Combine(_folder, "again.tar"), "example.com/app:2");
        Assert.Equal((0, ""), (save.ExitCode, save.Error));
        var copy = await skopeo.RunAsync("--insecure-policy", "copy", $"docker-archive:{Path.Combine(_folder, "again.tar")}", $"oci:{Path.Combine(_folder, "layout")}:x");
        Succeeded(copy, "skopeo copy from docker-archive:");
    }

    [Fact]
    public async Task Podman_save_in_both_formats_loads_and_podman_loads_our_save()
    {
        using var podman = new Podman();
        var small = Seed.Small.Reference(Seed.Host);
        Succeeded(await podman.RunAsync("pull", "--tls-verify=false", small), "podman pull");
        var dockerArchive = Path.Combine(_folder, "podman-docker.tar");
        var ociArchive = Path.Combine(_folder, "podman-oci.tar");
        Succeeded(await podman.RunAsync("save", "--format", "docker-archive", "-o", dockerArchive, small), "podman save docker-archive");
        Succeeded(await podman.RunAsync("save", "--format", "oci-archive", "-o", ociArchive, small), "podman save oci-archive");

        // podman's oci-archive carries the config converted to OCI's (another digest, so another ID): the archive's own.
        var ociConfig = await new Skopeo().RunAsync("inspect", "--config", "--raw", $"oci-archive:{ociArchive}");
        Succeeded(ociConfig, "skopeo inspect --config oci-archive:");
        foreach (var (archive, id) in new[] { (dockerArchive, Id(Seed.Small)), (ociArchive, Core.References.Digest.Compute(System.Text.Encoding.UTF8.GetBytes(ociConfig.StandardOutput)).ToString()) })
        {
            using var cli = new CliRunner();
            var load = await cli.RunAsync("load", "-i", archive);
            Assert.Equal((0, Lines($"Loaded image: {small}"), ""), load);
            Assert.Equal(id, (await cli.RunAsync("inspect", "--format", "{{.Id}}", small)).Output.Trim());
        }

        using var ours = new CliRunner();
        Assert.Equal(0, (await ours.RunAsync("pull", "-q", Seed.Oci.Reference(Seed.Host))).ExitCode);
        var saved = Path.Combine(_folder, "for-podman.tar");
        Assert.Equal(0, (await ours.RunAsync("save", "-o", saved, Seed.Oci.Reference(Seed.Host))).ExitCode);
        Succeeded(await podman.RunAsync("load", "-i", saved), "podman load");
        var inspect = await podman.RunAsync("image", "inspect", "--format", "{{.Id}}", Seed.Oci.Reference(Seed.Host));
        Succeeded(inspect, "podman image inspect");
        Assert.Equal(Id(Seed.Oci)["sha256:".Length..], inspect.StandardOutput.Trim());
    }

    [Fact]
    public async Task Save_and_load_refuse_a_terminal_and_an_unknown_image_leaves_no_file()
    {
        using var cli = new CliRunner { OutputIsTerminal = true, InputIsTerminal = true };
        var terminal = await cli.RunAsync("save", "anything");
        Assert.Equal((1, "", Lines("Error: cowardly refusing to save to a terminal. Use the -o flag or redirect")), terminal);
        var load = await cli.RunAsync("load");
        Assert.Equal((1, "", Lines("Error: requested load from stdin, but stdin is empty")), load);

        var target = Path.Combine(_folder, "never.tar");
        var unknown = await cli.RunAsync("save", "-o", target, "nothing:here");
        Assert.Equal((1, "", Lines("Error: No such image: nothing:here")), unknown);
        var missing = Path.Combine(_folder, "missing");
        var noFolder = await cli.RunAsync("save", "-o", Path.Combine(missing, "x.tar"), "nothing:here");
        Assert.Equal((1, "", Lines($"Error: cannot write {Path.Combine(missing, "x.tar")}: its folder {missing} does not exist")), noFolder);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_multi_platform_pull_saved_with_its_index_is_read_by_skopeo_both_ways_and_loaded_by_docker()
    {
        var index = Seed.MultiOci;
        var reference = index.Reference(Seed.Host);
        using var cli = new CliRunner();
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", "--platform", "linux/arm64/v8", reference)).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", "--platform", "linux/amd64", reference)).ExitCode);
        var archive = Path.Combine(_folder, "index.tar");
        Assert.Equal((0, ""), await cli.RunAsync("save", "-o", archive, reference) is var save ? (save.ExitCode, save.Error) : default);

        // skopeo picks its platform from the partial index as it would from the registry; docker's form names amd64.
        var skopeo = new Skopeo();
        var raw = await skopeo.RunAsync("inspect", "--raw", $"oci-archive:{archive}");
        Succeeded(raw, "skopeo inspect oci-archive:");
        Assert.Equal(index.Digest, Core.References.Digest.Compute(System.Text.Encoding.UTF8.GetBytes(raw.StandardOutput)).ToString());
        Succeeded(await skopeo.RunAsync("--insecure-policy", "copy", "--override-arch", "amd64", $"oci-archive:{archive}", $"oci:{Path.Combine(_folder, "oci")}:x"), "skopeo copy from oci-archive:");
        Succeeded(await skopeo.RunAsync("--insecure-policy", "copy", $"docker-archive:{archive}", $"oci:{Path.Combine(_folder, "docker")}:x"), "skopeo copy from docker-archive:");
        Succeeded(await Docker.RunAsync("load", "-i", archive), "docker load");
        Assert.Equal(index.ForPlatform("linux/amd64").Config.Digest, (await Docker.RunAsync("image", "inspect", "--format", "{{.Id}}", reference)).StandardOutput.Trim());
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(bytes);
        }

        return output.ToArray();
    }
}
