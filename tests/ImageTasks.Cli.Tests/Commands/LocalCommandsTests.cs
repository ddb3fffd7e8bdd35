using System.Text.Json;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.References;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// ls, inspect, history, tag, rm and prune over the same images docker was given (see the recorded docker outputs these
/// expectations follow): exact output, CREATED computed as docker words it.
/// </summary>
public sealed class LocalCommandsTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public LocalCommandsTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    private string Host => Seed.Host;

    private static string Id(SyntheticImage image) => Digest.Parse(image.Config.Digest).ShortId;

    private static string Size(SyntheticImage image) => HumanUnits.Size(image.Layers.Sum(l => l.ContentSize));

    private static string Ago(SyntheticImage image) =>
        HumanUnits.Ago(DateTimeOffset.Parse(image.Config.Json["created"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow);

    private static string Lines(params string[] lines) => string.Join(Environment.NewLine, lines) + Environment.NewLine;

    /// <summary>small:1.0 and :latest (one image, two tags) and oci/app pulled by digest only.</summary>
    private async Task<CliRunner> PulledAsync()
    {
        var cli = new CliRunner();
        foreach (var reference in new[] { $"{Host}/library/small:1.0", $"{Host}/library/small:latest", $"{Host}/oci/app@{Seed.Oci.Digest}" })
        {
            var (exit, _, error) = await cli.RunAsync("pull", "-q", reference);
            Assert.True(exit == 0, error);
        }

        return cli;
    }

    [Fact]
    public async Task Ls_tables_match_dockers()
    {
        using var cli = await PulledAsync();
        var small = Seed.Small.Image;
        var oci = Seed.Oci.Image;
        Assert.True(string.CompareOrdinal(oci.Config.Json["created"]!.GetValue<string>(), small.Config.Json["created"]!.GetValue<string>()) > 0, "oci/app is the newer image");
        var pad = $"{Host}/library/small".Length + 3;
        string Row(string repository, string tag, string id, string created, string size) =>
            repository.PadRight(pad) + tag.PadRight(10) + id.PadRight(15) + created.PadRight(Math.Max(10, Ago(small).Length + 3)) + size;

        Assert.Equal((0, Lines(
            Row("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"),
            Row($"{Host}/oci/app", "<none>", Id(oci), Ago(oci), Size(oci)),
            Row($"{Host}/library/small", "1.0", Id(small), Ago(small), Size(small)),
            Row($"{Host}/library/small", "latest", Id(small), Ago(small), Size(small))), ""), await cli.RunAsync("ls"));

        Assert.Equal(await cli.RunAsync("ls"), await cli.RunAsync("ls", "-a")); // no intermediate images in this store
        var noTrunc = (await cli.RunAsync("ls", "--no-trunc")).Output.Split(Environment.NewLine)[2];
        Assert.Equal($"{Host}/library/small".PadRight(pad) + "1.0".PadRight(10) + small.Config.Digest + "   " + Ago(small).PadRight(Math.Max(10, Ago(small).Length + 3)) + Size(small), noTrunc);
        // docker 28 prints an ID per row, so small's shows once per tag (recorded: `docker images -q`).
        Assert.Equal((0, Lines(Id(oci), Id(small), Id(small)), ""), await cli.RunAsync("ls", "-q"));
        Assert.Equal((0, Lines(oci.Config.Digest, small.Config.Digest, small.Config.Digest), ""), await cli.RunAsync("ls", "-q", "--no-trunc"));

        var digests = await cli.RunAsync("ls", "--digests");
        Assert.Equal(
            $"{Host}/oci/app".PadRight(pad) + "<none>    " + Seed.Oci.Digest + "   " + Id(oci),
            digests.Output.Split(Environment.NewLine)[1][..(pad + 10 + 71 + 3 + 12)]);
        Assert.StartsWith("REPOSITORY".PadRight(pad) + "TAG       DIGEST" + new string(' ', 68) + "IMAGE ID", digests.Output, StringComparison.Ordinal);

        // Only the image without tags; its column is as wide as its own name now.
        var danglingPad = $"{Host}/oci/app".Length + 3;
        Assert.Equal((0, Lines(
            "REPOSITORY".PadRight(danglingPad) + "TAG       IMAGE ID       " + "CREATED".PadRight(Ago(oci).Length + 3) + "SIZE",
            $"{Host}/oci/app".PadRight(danglingPad) + "<none>    " + Id(oci) + "   " + Ago(oci) + "   " + Size(oci)), ""),
            await cli.RunAsync("ls", "--filter", "dangling=true"));
        // docker's daemon reads dangling=false as no filter at all: every image, the tagged and the untagged.
        Assert.Equal(await cli.RunAsync("ls"), await cli.RunAsync("ls", "--filter", "dangling=false"));
        Assert.Equal((0, Lines(Id(oci), Id(small), Id(small)), ""), await cli.RunAsync("ls", "-q", "--filter", "dangling=false"));
        Assert.Equal(await cli.RunAsync("ls", "--filter", "dangling=true"), await cli.RunAsync("ls", "--filter", "dangling=false", "--filter", "dangling=true"));
        Assert.Equal(3, (await cli.RunAsync("ls", "--filter", "reference=*/library/*")).Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(2, (await cli.RunAsync("images", $"{Host}/library/small:1.0")).Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Ls_formats_match_dockers()
    {
        using var cli = await PulledAsync();
        var pad = $"{Host}/library/small".Length + 3;

        Assert.Equal((0, Lines(
            "REPOSITORY".PadRight(pad) + "TAG",
            $"{Host}/oci/app".PadRight(pad) + "<none>",
            $"{Host}/library/small".PadRight(pad) + "1.0",
            $"{Host}/library/small".PadRight(pad) + "latest"), ""), await cli.RunAsync("ls", "--format", "table {{.Repository}}\\t{{.Tag}}"));

        var json = (await cli.RunAsync("ls", "--format", "json")).Output.Split(Environment.NewLine)[1];
        var small = Seed.Small.Image;
        var created = DateTimeOffset.Parse(small.Config.Json["created"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            "{\"Containers\":\"N/A\",\"CreatedAt\":\"" + created.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " +0000 UTC\",\"CreatedSince\":\"" + Ago(small)
            + "\",\"Digest\":\"\\u003cnone\\u003e\",\"ID\":\"" + Id(small) + "\",\"Repository\":\"" + Host + "/library/small\",\"SharedSize\":\"N/A\",\"Size\":\"" + Size(small)
            + "\",\"Tag\":\"1.0\",\"UniqueSize\":\"N/A\",\"VirtualSize\":\"" + HumanUnits.Size(small.Layers.Sum(l => l.ContentSize), 4) + "\"}",
            json);
        Assert.Equal(json, (await cli.RunAsync("ls", "--format", "{{json .}}")).Output.Split(Environment.NewLine)[1]);

        // A template naming {{.Digest}} shows tag rows' digests; digest-only rows stay empty (docker's rule).
        Assert.Equal((0, Lines($"{Host}/oci/app <none> ", $"{Host}/library/small 1.0 {Seed.Small.Digest}", $"{Host}/library/small latest {Seed.Small.Digest}"), ""),
            await cli.RunAsync("ls", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}"));
        Assert.Contains("map[org.imagetasks.fixture.name:small ", (await cli.RunAsync("ls", "--format", "{{.Labels}}")).Output, StringComparison.Ordinal);

        Assert.Equal((1, "", "Error: template parsing error: template: :1:2: executing \"\" at <.Bogus>: can't evaluate field Bogus in type *formatter.imageContext" + Environment.NewLine),
            await cli.RunAsync("ls", "--format", "{{.Bogus}}"));
        Assert.Equal((1, "", "Error: template parsing error: template: :1: unclosed action" + Environment.NewLine), await cli.RunAsync("ls", "--format", "{{.ID"));
        Assert.Equal((1, "", "Error: Invalid filter 'bogus'" + Environment.NewLine), await cli.RunAsync("ls", "--filter", "bogus=1"));
        Assert.Equal((1, "", "Error: Invalid filter 'dangling=[maybe]'" + Environment.NewLine), await cli.RunAsync("ls", "--filter", "dangling=maybe"));
        // docker takes only "true" and "false": 1 and FALSE are refused (recorded against the daemon).
        Assert.Equal((1, "", "Error: Invalid filter 'dangling=[1]'" + Environment.NewLine), await cli.RunAsync("ls", "--filter", "dangling=1"));
        Assert.Equal((1, "", "Error: Invalid filter 'dangling=[FALSE]'" + Environment.NewLine), await cli.RunAsync("ls", "--filter", "dangling=FALSE"));
    }

    [Fact]
    public async Task Inspect_prints_dockers_fields_for_single_and_multi_platform_images_and_reports_missing_ones()
    {
        using var cli = await PulledAsync();
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", "--platform", "linux/arm64", $"{Host}/multi/oci:1")).ExitCode);
        var small = Seed.Small.Image;

        var (exit, output, error) = await cli.RunAsync("inspect", $"{Host}/library/small:1.0", "missing");

        // docker 28 unwraps the daemon's not-found error into this one line.
        Assert.Equal((1, "Error: no such image: missing: No such image: missing" + Environment.NewLine), (exit, error));
        var image = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal(
            ["Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "DockerVersion", "Author", "Config", "Architecture", "Os", "Size", "RootFS", "Metadata"],
            image.EnumerateObject().Select(p => p.Name));
        Assert.Equal(small.Config.Digest, image.GetProperty("Id").GetString());
        Assert.Equal([$"{Host}/library/small:1.0", $"{Host}/library/small:latest"], image.GetProperty("RepoTags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([$"{Host}/library/small@{Seed.Small.Digest}"], image.GetProperty("RepoDigests").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(small.Layers.Select(l => l.DiffId), image.GetProperty("RootFS").GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(small.Layers.Sum(l => l.ContentSize), image.GetProperty("Size").GetInt64());
        Assert.StartsWith("[\n    {\n        \"Id\": \"sha256:".ReplaceLineEndings(), output, StringComparison.Ordinal);

        var arm = Seed.MultiOci.ForPlatform("linux/arm64/v8");
        var multi = await cli.RunAsync("inspect", "--format", "{{.Id}} {{.RepoDigests}} {{.Os}}/{{.Architecture}}/{{.Variant}}", $"{Host}/multi/oci:1");
        Assert.Equal((0, Lines($"{arm.Config.Digest} [{Host}/multi/oci@{Seed.MultiOci.Digest}] linux/arm64/v8"), ""), multi);

        var byDigest = await cli.RunAsync("inspect", "--format", "{{json .RepoTags}} {{json .Config.Labels}}", $"{Host}/oci/app@{Seed.Oci.Digest}");
        Assert.Equal((0, Lines("[] {\"org.imagetasks.fixture.name\":\"oci-app\",\"org.imagetasks.fixture.platform\":\"linux/amd64\"}"), ""), byDigest);
        // docker 28 with nothing found: an empty array on stdout and the not-found line on stderr.
        Assert.Equal((1, Lines("[]"), "Error: no such image: gone:1: No such image: gone:1" + Environment.NewLine), await cli.RunAsync("inspect", "gone:1"));
        Assert.Equal((1, "", "Error: template parsing error: template: :1:2: executing \"\" at <.Bogus>: map has no entry for key \"Bogus\"" + Environment.NewLine),
            await cli.RunAsync("inspect", "--format", "{{.Bogus}}", $"{Host}/oci/app@{Seed.Oci.Digest}"));
    }

    [Fact]
    public async Task History_matches_dockers_columns()
    {
        using var cli = new CliRunner();
        await cli.RunAsync("pull", "-q", $"{Host}/shared/two:1");
        var two = Seed.SharedTwo.Image;

        var (exit, output, _) = await cli.RunAsync("history", $"{Host}/shared/two:1");

        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exit);
        Assert.Equal("IMAGE          CREATED       CREATED BY                                      SIZE      COMMENT", lines[0]);
        Assert.StartsWith(Id(two) + "   " + Ago(two), lines[1], StringComparison.Ordinal);
        Assert.All(lines.Skip(2), l => Assert.StartsWith("<missing>      ", l, StringComparison.Ordinal));
        Assert.Equal(two.Config.Json["history"]!.AsArray().Count, lines.Length - 1);
        Assert.Equal(two.Layers.Count, lines.Skip(1).Count(l => !l.Contains("   0B ", StringComparison.Ordinal)));
        Assert.Contains("…", output, StringComparison.Ordinal); // CREATED BY cut at 45 characters

        var quiet = await cli.RunAsync("history", "-q", $"{Host}/shared/two:1");
        Assert.Equal(Id(two), quiet.Output.Split(Environment.NewLine)[0]);
        Assert.Equal((1, "", "Error: No such image: nope:1" + Environment.NewLine), await cli.RunAsync("history", "nope:1"));
    }

    [Fact]
    public async Task Rm_untags_before_it_deletes_as_docker_does()
    {
        using var cli = await PulledAsync();
        var small = Seed.Small.Image;
        var chain = ImageTasks.Core.Store.ImageDeletion.ChainIds(small.Layers.Select(l => l.DiffId).ToList());

        Assert.Equal((0, Lines($"Untagged: {Host}/library/small:1.0"), ""), await cli.RunAsync("rm", $"{Host}/library/small:1.0"));
        Assert.Equal((0, "", ""), await cli.RunAsync("tag", $"{Host}/library/small", "other/name:2"));
        Assert.Equal((1, "", $"Error: conflict: unable to delete {Id(small)} (must be forced) - image is referenced in multiple repositories" + Environment.NewLine),
            await cli.RunAsync("rmi", Id(small)));
        Assert.Equal((0, Lines($"Untagged: other/name:2"), ""), await cli.RunAsync("rm", "other/name:2"));
        Assert.Equal((1, Lines(
                $"Untagged: {Host}/library/small:latest",
                $"Untagged: {Host}/library/small@{Seed.Small.Digest}",
                $"Deleted: {small.Config.Digest}",
                $"Deleted: {chain[^1]}"), "Error: No such image: nope:1" + Environment.NewLine),
            await cli.RunAsync("rm", $"{Host}/library/small", "nope:1"));
    }

    [Fact]
    public async Task Prune_asks_first_and_reports_what_it_deleted()
    {
        using var cli = await PulledAsync();
        var oci = Seed.Oci.Image;
        var chain = ImageTasks.Core.Store.ImageDeletion.ChainIds(oci.Layers.Select(l => l.DiffId).ToList());

        Assert.Equal((0, "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ", ""), await cli.RunAsync("prune"));
        Assert.Equal(4, (await cli.RunAsync("ls")).Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length); // header and three rows: nothing pruned

        var expected = Lines(
            "Deleted Images:",
            $"untagged: {Host}/oci/app@{Seed.Oci.Digest}",
            $"deleted: {oci.Config.Digest}",
            $"deleted: {chain[1]}",
            $"deleted: {chain[0]}",
            "",
            $"Total reclaimed space: {HumanUnits.Size(oci.Layers.Sum(l => l.ContentSize), 4)}");
        Assert.Equal((0, expected.Replace("Deleted Images:", "Would delete Images:", StringComparison.Ordinal).Replace("reclaimed", "reclaimable", StringComparison.Ordinal), ""),
            await cli.RunAsync("prune", "--dry-run"));
        Assert.Equal((0, expected, ""), await cli.RunAsync("prune", "-f"));
        Assert.Equal((0, Lines("Total reclaimed space: 0B"), ""), await cli.RunAsync("prune", "-f"));

        var all = await cli.RunAsync("prune", "-a", "-f");
        Assert.StartsWith(Lines("Deleted Images:", $"untagged: {Host}/library/small:1.0"), all.Output, StringComparison.Ordinal);
        Assert.Single((await cli.RunAsync("ls")).Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)); // the header only
        Assert.Equal((1, "", "Error: invalid filter 'bogus'" + Environment.NewLine), await cli.RunAsync("prune", "-f", "--filter", "bogus=1"));
    }

    [Fact]
    public async Task A_store_path_that_is_a_file_is_one_line_and_exit_1()
    {
        using var cli = new CliRunner();
        var file = Path.Combine(cli.Store, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        Assert.Equal((1, "", $"Error: the image store {file} is a file, not a folder: point IMAGETASKS_HOME, --store or ImageStorePath at a folder" + Environment.NewLine),
            await cli.RunAsync("ls", "--store", file));
    }
}
