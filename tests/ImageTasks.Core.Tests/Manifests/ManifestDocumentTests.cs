using System.Security.Cryptography;
using System.Text;
using ImageTasks.Core.Manifests;

namespace ImageTasks.Core.Tests.Manifests;

public sealed class ManifestDocumentTests
{
    private const string OciManifest =
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":10},"layers":[]}""";

    [Fact]
    public void Digest_is_computed_over_the_bytes_received_not_over_reserialised_json()
    {
        // Extra whitespace and key order that a serialiser would not reproduce.
        var bytes = Encoding.UTF8.GetBytes("{ \"layers\": [],\n  \"schemaVersion\": 2, " + OciManifest[(OciManifest.IndexOf("\"mediaType\"", StringComparison.Ordinal))..].Replace(",\"layers\":[]", "", StringComparison.Ordinal));
        var document = ManifestDocument.Parse(bytes, MediaTypes.OciManifest, "x");

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), document.Digest.ToString());
        Assert.Equal(MediaTypes.OciManifest, document.MediaType);
        Assert.NotNull(document.Manifest);
    }

    [Theory]
    [InlineData("""{"schemaVersion":1,"name":"x","tag":"y","fsLayers":[]}""", null)]
    [InlineData("""{"schemaVersion":1}""", MediaTypes.DockerSchema1Signed)]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v1+json"}""", null)]
    public void Schema1_is_refused_with_a_clear_message(string json, string? contentType)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestDocument.Parse(Encoding.UTF8.GetBytes(json), contentType, "alpine:3.19"));
        Assert.Equal("manifest for alpine:3.19 uses Docker image manifest schema 1, which is deprecated and not supported: push the image again with a current client", error.Message);
    }

    [Fact]
    public void A_mediaType_that_contradicts_the_content_type_is_refused()
    {
        var error = Assert.Throws<ManifestException>(() => ManifestDocument.Parse(Encoding.UTF8.GetBytes(OciManifest), MediaTypes.DockerManifest, "x:1"));
        Assert.Contains("declares mediaType application/vnd.oci.image.manifest.v1+json but the registry served it as application/vnd.docker.distribution.manifest.v2+json", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData(MediaTypes.OciManifest)]
    public void A_generic_or_matching_content_type_is_accepted(string? contentType)
    {
        var document = ManifestDocument.Parse(Encoding.UTF8.GetBytes(OciManifest), contentType, "x");
        Assert.Equal(MediaTypes.OciManifest, document.MediaType);
    }

    [Fact]
    public void An_index_without_mediaType_is_read_from_the_content_type()
    {
        var json = """{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","size":5,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]}""";
        var document = ManifestDocument.Parse(Encoding.UTF8.GetBytes(json), MediaTypes.OciIndex, "x");

        Assert.True(document.IsIndex);
        var platform = Assert.Single(document.Index!.Manifests).Platform!;
        Assert.Equal("linux/arm64", platform.ToPlatform().ToString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/x-unknown"}""")]
    public void Malformed_or_unknown_documents_are_refused(string json)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestDocument.Parse(Encoding.UTF8.GetBytes(json), null, "x:1"));
        Assert.StartsWith("manifest for x:1 ", error.Message, StringComparison.Ordinal);
    }
}
