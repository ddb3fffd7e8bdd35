using System.Text.Json;
using ImageTasks.Cli.Rendering;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// A layout skopeo wrote is a store: skopeo copies from the real registry into the store's folder with short names
/// (<c>oci:STORE:mytag</c>, <c>oci:STORE:alpine:edge</c>), and the tool lists, inspects, tags, pushes and removes those
/// images, keeping skopeo's entries byte for byte whenever it writes the index.
/// </summary>
public sealed class ForeignLayoutTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public ForeignLayoutTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    private async Task SkopeoCopyAsync(string source, string layout)
    {
        var result = await new Skopeo().RunAsync("--insecure-policy", "copy", "--src-tls-verify=false", $"docker://{source}", $"oci:{layout}");
        result.EnsureSuccess($"skopeo copy {source} {layout}");
    }

    private static string IndexJson(CliRunner cli) => File.ReadAllText(Path.Combine(cli.Store, "index.json"));

    /// <summary>Each manifests entry of index.json exactly as written, by the name it carries.</summary>
    private static Dictionary<string, string> EntriesByRefName(CliRunner cli)
    {
        using var index = JsonDocument.Parse(IndexJson(cli));
        return index.RootElement.GetProperty("manifests").EnumerateArray()
            .Where(e => e.TryGetProperty("annotations", out var a) && a.TryGetProperty("org.opencontainers.image.ref.name", out _))
            .ToDictionary(e => e.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString()!, e => e.GetRawText());
    }

    [Fact]
    public async Task Images_skopeo_copied_into_the_store_are_listed_inspected_tagged_pushed_and_removed()
    {
        using var cli = new CliRunner();
        var small = $"{Seed.Host}/library/small:1.0";
        // One image of ours first, so skopeo writes into a layout that already has entries with our annotations.
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", $"{Seed.Host}/oci/app@{Seed.Oci.Digest}")).ExitCode);
        await SkopeoCopyAsync(small, $"{cli.Store}:mytag");
        await SkopeoCopyAsync(small, $"{cli.Store}:alpine:edge");
        var skopeoEntries = EntriesByRefName(cli);
        Assert.Equal(["alpine:edge", "mytag"], skopeoEntries.Keys.Order(StringComparer.Ordinal));

        // skopeo stored the image converted to OCI: its own manifest and config (so its own ID), the same layers.
        var image = Seed.Small.Image;
        using var entry = JsonDocument.Parse(skopeoEntries["mytag"]);
        var manifestDigest = entry.RootElement.GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(cli.Store, "blobs", "sha256", manifestDigest["sha256:".Length..])));
        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;

        // ls: the short names read as a user types them (mytag is mytag:latest), the image's ID and docker's SIZE.
        var id = ImageTasks.Core.References.Digest.Parse(configDigest).ShortId;
        var size = HumanUnits.Size(image.Layers.Sum(l => l.ContentSize));
        var rows = await cli.RunAsync("ls", "--format", "{{.Repository}} {{.Tag}} {{.ID}} {{.Size}}");
        Assert.Equal(0, rows.ExitCode);
        Assert.Contains($"mytag latest {id} {size}\n", rows.Output, StringComparison.Ordinal);
        Assert.Contains($"alpine edge {id} {size}\n", rows.Output, StringComparison.Ordinal);
        Assert.Contains($"{Seed.Host}/oci/app <none> ", rows.Output, StringComparison.Ordinal);

        // inspect by the short name.
        Assert.Equal((0, configDigest + "\n", ""), await cli.RunAsync("inspect", "--format", "{{.Id}}", "mytag"));

        // tag writes the index: skopeo's entries stay byte for byte.
        var pushed = $"{Seed.Host}/conform/from-skopeo:1";
        Assert.Equal(0, (await cli.RunAsync("tag", "mytag", pushed)).ExitCode);
        foreach (var (name, json) in skopeoEntries)
        {
            Assert.True(IndexJson(cli).Contains(json, StringComparison.Ordinal), $"skopeo's entry for {name} changed");
        }

        // push: the registry gets the very manifest skopeo copied.
        var push = await cli.RunAsync("push", pushed);
        Assert.True(push.ExitCode == 0, push.Error);
        Assert.Equal((0, manifestDigest + "\n", ""), await cli.RunAsync("digest", pushed));

        // rm alpine:edge: that entry goes, mytag's stays as skopeo wrote it, and the image stays while mytag names it.
        Assert.Equal((0, "Untagged: alpine:edge\n", ""), await cli.RunAsync("rm", "alpine:edge"));
        var after = EntriesByRefName(cli);
        Assert.False(after.ContainsKey("alpine:edge"));
        Assert.Equal(skopeoEntries["mytag"], after["mytag"]);
        Assert.DoesNotContain("alpine ", (await cli.RunAsync("ls", "--format", "{{.Repository}} {{.Tag}}")).Output, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync("rm", "mytag")).ExitCode);
        Assert.False(EntriesByRefName(cli).ContainsKey("mytag"));
        Assert.Equal((0, configDigest + "\n", ""), await cli.RunAsync("inspect", "--format", "{{.Id}}", pushed));
    }

    [Fact]
    public async Task Entries_the_tool_cannot_use_are_kept_and_not_listed()
    {
        using var cli = new CliRunner();
        await SkopeoCopyAsync($"{Seed.Host}/library/small:1.0", $"{cli.Store}:mytag");
        // An index entry (a multi-platform image skopeo would copy with --all) and an entry without a name.
        var index = JsonDocument.Parse(IndexJson(cli)).RootElement;
        var manifests = index.GetProperty("manifests").EnumerateArray().Select(e => e.GetRawText()).ToList();
        manifests.Add("""{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":10,"annotations":{"org.opencontainers.image.ref.name":"multi"}}""");
        manifests.Add("""{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":10}""");
        File.WriteAllText(Path.Combine(cli.Store, "index.json"), "{\"schemaVersion\":2,\"manifests\":[" + string.Join(",", manifests) + "]}");

        var rows = await cli.RunAsync("ls", "--format", "{{.Repository}}:{{.Tag}}");
        Assert.Equal((0, "mytag:latest\n", ""), rows);
        Assert.Equal(0, (await cli.RunAsync("tag", "mytag", "other:1")).ExitCode);

        var text = IndexJson(cli);
        Assert.All(manifests, m => Assert.Contains(m, text, StringComparison.Ordinal));
    }
}
