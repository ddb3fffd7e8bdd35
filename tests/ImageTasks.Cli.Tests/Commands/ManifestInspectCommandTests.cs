using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary><c>dotnet image manifest inspect</c> against the real registry: bytes, docker's indentation, docker's -v shape.</summary>
public sealed class ManifestInspectCommandTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public ManifestInspectCommandTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    /// <summary>An independent oracle for the layout: System.Text.Json's indented writer (ASCII manifests escape alike).</summary>
    private static string Indented(string json, char character, int size)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            IndentCharacter = character,
            IndentSize = size,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            JsonDocument.Parse(json).WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Theory]
    [InlineData(StandardSeed.SmallRepository, "1.0")]
    [InlineData(StandardSeed.OciRepository, "1")]
    [InlineData(StandardSeed.MultiOciRepository, "1")]
    [InlineData(StandardSeed.MultiDockerRepository, "1")]
    public async Task Raw_prints_the_registrys_bytes_unchanged(string repository, string tag)
    {
        using var cli = new CliRunner();
        var expected = repository switch
        {
            StandardSeed.SmallRepository => Seed.Small.Image.Bytes,
            StandardSeed.OciRepository => Seed.Oci.Image.Bytes,
            StandardSeed.MultiOciRepository => Seed.MultiOci.Index.Bytes,
            _ => Seed.MultiDocker.Index.Bytes,
        };

        var result = await cli.RunAsync("manifest", "inspect", "--raw", Seed.Reference(repository, tag));

        Assert.Equal((0, Encoding.UTF8.GetString(expected), ""), result);
    }

    [Fact]
    public async Task A_manifest_prints_indented_with_tabs_as_docker_does()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("manifest", "inspect", Seed.Reference(StandardSeed.OciRepository, "1"));

        Assert.Equal((0, Indented(Seed.Oci.Image.Text, '\t', 1) + "\n", ""), result);
        Assert.StartsWith("{\n\t\"schemaVersion\": 2,\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_prints_indented_with_three_spaces_as_docker_prints_lists()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("manifest", "inspect", Seed.Reference(StandardSeed.MultiDockerRepository, "1"));

        Assert.Equal((0, Indented(Seed.MultiDocker.Index.Text, ' ', 3) + "\n", ""), result);
        Assert.StartsWith("{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"application/vnd.docker.distribution.manifest.list.v2+json\",\n", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StandardSeed.MultiOciRepository, "OCIManifest", "application/vnd.oci.image.manifest.v1+json")]
    [InlineData(StandardSeed.MultiDockerRepository, "SchemaV2Manifest", "application/vnd.docker.distribution.manifest.v2+json")]
    public async Task Verbose_lists_every_platform_with_its_reference_descriptor_and_manifest(string repository, string manifestKey, string mediaType)
    {
        using var cli = new CliRunner();
        var index = repository == StandardSeed.MultiOciRepository ? Seed.MultiOci : Seed.MultiDocker;

        var (exit, output, error) = await cli.RunAsync("manifest", "inspect", "-v", index.Reference(Seed.Host));

        Assert.Equal((0, ""), (exit, error));
        Assert.Equal(Indented(output, '\t', 1) + "\n", output); // docker's json.MarshalIndent(..., "\t") layout
        var entries = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(StandardSeed.Platforms.Count, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var platform = StandardSeed.Platforms[i];
            var child = index.Index.ForPlatform(platform);
            var entry = entries[i]!.AsObject();
            Assert.Equal(["Ref", "Descriptor", "Raw", manifestKey], entry.Select(p => p.Key));
            Assert.Equal($"{Seed.Host}/{repository}:1@{index.PlatformDigests[platform.ToString()]}", (string?)entry["Ref"]);
            var expectedPlatform = new JsonObject { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
            if (platform.OsVersion is not null)
            {
                expectedPlatform["os.version"] = platform.OsVersion;
            }

            if (platform.Variant is not null)
            {
                expectedPlatform["variant"] = platform.Variant;
            }

            var expectedDescriptor = new JsonObject { ["mediaType"] = mediaType, ["digest"] = child.Digest, ["size"] = child.Size, ["platform"] = expectedPlatform };
            Assert.True(JsonNode.DeepEquals(expectedDescriptor, entry["Descriptor"]), entry["Descriptor"]!.ToJsonString());
            Assert.Equal(Convert.ToBase64String(child.Bytes), (string?)entry["Raw"]);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(child.Bytes), entry[manifestKey]));
        }
    }

    [Fact]
    public async Task Verbose_on_a_single_manifest_is_one_object_whose_platform_comes_from_the_config()
    {
        using var cli = new CliRunner();
        var reference = Seed.Reference(StandardSeed.SmallRepository, "1.0");

        var (exit, output, error) = await cli.RunAsync("manifest", "inspect", "--verbose", reference);

        Assert.Equal((0, ""), (exit, error));
        var expected = new JsonObject
        {
            ["Ref"] = reference,
            ["Descriptor"] = new JsonObject
            {
                ["mediaType"] = "application/vnd.docker.distribution.manifest.v2+json",
                ["digest"] = Seed.Small.Digest,
                ["size"] = Seed.Small.Image.Size,
                ["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" },
            },
            ["Raw"] = Convert.ToBase64String(Seed.Small.Image.Bytes),
            ["SchemaV2Manifest"] = JsonNode.Parse(Seed.Small.Image.Bytes),
        };
        Assert.Equal(Indented(expected.ToJsonString(), '\t', 1) + "\n", output);
    }

    [Theory]
    [InlineData(new[] { "manifest", "inspect", "--raw", "-v", "HOST/library/small:1.0" }, "Error: --raw and --verbose cannot be used together: --raw prints the registry's bytes alone")]
    [InlineData(new[] { "manifest", "inspect", "HOST/library/small:nope" }, "Error: manifest for HOST/library/small:nope not found: manifest unknown: manifest unknown")]
    [InlineData(new[] { "manifest", "inspect", "HOST/nothing/here:1" }, "Error: manifest for HOST/nothing/here:1 not found: manifest unknown: manifest unknown")]
    [InlineData(new[] { "manifest", "inspect", "--bogus", "HOST/library/small" }, "Error: unknown flag: --bogus. See 'dotnet image manifest inspect --help'.")]
    [InlineData(new[] { "manifest", "inspect" }, "Error: Required argument missing for command: 'inspect'. See 'dotnet image manifest inspect --help'.")]
    [InlineData(new[] { "manifest" }, "Error: Required command was not provided. See 'dotnet image manifest --help'.")]
    public async Task Bad_flags_and_values_get_one_line_and_exit_code_1(string[] args, string expected)
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync(args.Select(a => a.Replace("HOST", Seed.Host, StringComparison.Ordinal)).ToArray());

        Assert.Equal((1, "", expected.Replace("HOST", Seed.Host, StringComparison.Ordinal) + Environment.NewLine), result);
    }
}
