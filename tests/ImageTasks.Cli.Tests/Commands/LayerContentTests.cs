using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// Layers as docker measures and verifies them: zstd layers are inflated and their diff_id checked like gzip ones, and a
/// layer's size counts its regular files only (not symlink targets, not a hard link twice, not directories).
/// </summary>
public sealed class LayerContentTests : IClassFixture<StandardRegistryFixture>
{
    private const string ZstdLayer = "application/vnd.oci.image.layer.v1.tar+zstd";

    // Recorded against dockerd 28.2.2 (vfs graph driver): the same tar entries, pushed gzip-compressed to a loopback
    // docker-registry, `docker pull` then `docker image inspect --format '{{.Size}}'` printed 1234 (1024 + 210: the two
    // regular files; the symlinks' 8 and 14 target bytes, the hard link and the directories count nothing).
    private const long DockerSize = 1234;

    private readonly StandardRegistryFixture _fixture;

    public LayerContentTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private string Host => _fixture.Seed.Host;

    [Fact]
    public async Task A_zstd_layer_is_verified_and_sized_as_docker_sizes_symlinks_hard_links_and_directories()
    {
        var tar = await LinkedTreeTarAsync();
        var blob = Zstd(tar);
        await PushAsync("zstd/links", "1", blob, Sha256(tar));
        using var cli = new CliRunner();

        var pull = await cli.RunAsync("pull", "-q", $"{Host}/zstd/links:1");
        var inspect = await cli.RunAsync("inspect", "--format", "{{.Size}} {{json .RootFS.Layers}}", $"{Host}/zstd/links:1");
        var history = await cli.RunAsync("history", "--format", "{{.Size}}", $"{Host}/zstd/links:1");

        Assert.True(pull.ExitCode == 0, pull.Error);
        Assert.Equal((0, $"{DockerSize} [\"{Sha256(tar)}\"]{Environment.NewLine}", ""), inspect);
        Assert.Equal((0, $"1.23kB{Environment.NewLine}", ""), history);
    }

    [Fact]
    public async Task A_zstd_layer_whose_content_contradicts_its_diff_id_is_refused_in_one_line()
    {
        var tar = await LinkedTreeTarAsync();
        var blob = Zstd(tar);
        var declared = Sha256(Encoding.UTF8.GetBytes("some other layer"));
        await PushAsync("zstd/lying", "1", blob, declared);
        using var cli = new CliRunner();

        var (exit, _, error) = await cli.RunAsync("pull", "-q", $"{Host}/zstd/lying:1");

        Assert.Equal(1, exit);
        var line = Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"its uncompressed content has digest {Sha256(tar)}, but the image config's rootfs.diff_ids says {declared}", line, StringComparison.Ordinal);
        Assert.Equal((0, "", ""), await cli.RunAsync("ls", "-q"));
    }

    /// <summary>Two regular files (1024 + 210 bytes), a relative and an absolute symlink, a hard link and two directories.</summary>
    private static async Task<byte[]> LinkedTreeTarAsync()
    {
        var mtime = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);
        using var buffer = new MemoryStream();
        await using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            PaxTarEntry Entry(TarEntryType type, string name, byte[]? data = null, string? link = null)
            {
                // Only a regular file takes data, only a link a target: TarEntry refuses either on another type.
                var entry = new PaxTarEntry(type, name) { ModificationTime = mtime };
                if (data is not null)
                {
                    entry.DataStream = new MemoryStream(data);
                }

                if (link is not null)
                {
                    entry.LinkName = link;
                }

                return entry;
            }

            await writer.WriteEntryAsync(Entry(TarEntryType.Directory, "app/"));
            await writer.WriteEntryAsync(Entry(TarEntryType.RegularFile, "app/data.bin", [.. Enumerable.Range(0, 1024).Select(i => (byte)i)]));
            await writer.WriteEntryAsync(Entry(TarEntryType.RegularFile, "app/other.txt", Encoding.ASCII.GetBytes(new string('x', 210))));
            await writer.WriteEntryAsync(Entry(TarEntryType.SymbolicLink, "app/link", link: "data.bin"));
            await writer.WriteEntryAsync(Entry(TarEntryType.HardLink, "app/hard", link: "app/data.bin"));
            await writer.WriteEntryAsync(Entry(TarEntryType.Directory, "app/sub/"));
            await writer.WriteEntryAsync(Entry(TarEntryType.SymbolicLink, "app/sub/abs", link: "/app/other.txt"));
        }

        return buffer.ToArray();
    }

    private async Task PushAsync(string repository, string tag, byte[] layer, string diffId)
    {
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64",
            os = "linux",
            config = new { },
            rootfs = new { type = "layers", diff_ids = new[] { diffId } },
            history = new[] { new { created = "2024-01-15T12:00:00Z", created_by = "ADD links /" } },
        });
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = FixtureMediaTypes.OciManifest,
            config = new { mediaType = FixtureMediaTypes.OciConfig, digest = Sha256(config), size = config.Length },
            layers = new[] { new { mediaType = ZstdLayer, digest = Sha256(layer), size = layer.Length } },
        });
        using var seeder = new RegistrySeeder(_fixture.Registry.BaseUri);
        await seeder.PushBlobAsync(repository, Sha256(config), () => new MemoryStream(config));
        await seeder.PushBlobAsync(repository, Sha256(layer), () => new MemoryStream(layer));
        await seeder.PushManifestAsync(repository, tag, manifest, FixtureMediaTypes.OciManifest);
    }

    private static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor();
        return compressor.Wrap(data).ToArray();
    }

    private static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
