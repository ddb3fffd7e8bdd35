using System.Text;
using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Tests.Store;

/// <summary>The fast index reader must read every entry exactly as the serializer plus <see cref="ImageRecord.FromDescriptor"/> did.</summary>
public sealed class IndexReaderTests
{
    private const string M = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string C = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string R = "sha256:3333333333333333333333333333333333333333333333333333333333333333";

    public static TheoryData<string> Entries => new()
    {
        // As the store writes them: tagged, untagged, with and without platform and times.
        $$$"""{"mediaType":"application/vnd.oci.image.manifest.v1\u002Bjson","digest":"{{{M}}}","size":1234,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.imagetasks.repository":"docker.io/library/alpine","io.imagetasks.config":"{{{C}}}","io.imagetasks.size":"7340032","io.imagetasks.pulled":"2025-01-02T03:04:05.0000000+00:00","org.opencontainers.image.ref.name":"docker.io/library/alpine:3.19","io.imagetasks.repo-digest":"{{{R}}}","io.imagetasks.created":"2024-01-15T12:00:00.0000000+00:00"}}""",
        $$$"""{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"{{{M}}}","size":5,"annotations":{"io.imagetasks.repository":"127.0.0.1:5000/team/app","io.imagetasks.config":"{{{C}}}","io.imagetasks.size":"0","io.imagetasks.pulled":"2025-01-02T03:04:05.1234567+02:00"}}""",
        $$$"""{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{M}}}","size":5,"platform":{"architecture":"arm","os":"linux","variant":"v7","os.version":"x"},"annotations":{"io.imagetasks.repository":"localhost/a/b","io.imagetasks.config":"{{{C}}}","org.opencontainers.image.ref.name":"localhost/a/b:v1.0_rc-2","io.imagetasks.created":"2024-01-15T12:00:00Z","extra":"kept out"}}""",
        // Written by hand or by older versions: other key order, odd times and sizes, a reference in another form.
        $$$"""{"annotations":{"org.opencontainers.image.ref.name":"alpine:edge","io.imagetasks.config":"{{{C}}}","io.imagetasks.repository":"docker.io/library/alpine","io.imagetasks.size":" 12 ","io.imagetasks.created":"01/15/2024 12:00:00 +01:00","io.imagetasks.pulled":"not a time"},"size":7,"digest":"{{{M}}}","mediaType":"x","urls":["http://a"],"unknown":{"a":[1,2]}}""",
        $$$"""{"mediaType":"x","digest":"{{{M}}}","size":7,"annotations":{"io.imagetasks.repository":"docker.io/library/alpine","io.imagetasks.config":"{{{C}}}","org.opencontainers.image.ref.name":"docker.io/library/alpine:1@{{{R}}}","io.imagetasks.repo-digest":"sha256:short"}}""",
        $$$"""{"mediaType":"x","digest":"{{{M}}}","size":7,"annotations":{"io.imagetasks.repository":"docker.io/library/alpine","io.imagetasks.config":"{{{C}}}","org.opencontainers.image.ref.name":"docker.io/library/alpine2:1"}}""",
        $$$"""{"mediaType":null,"digest":"{{{M}}}","size":7,"platform":null,"annotations":{"io.imagetasks.repository":"docker.io/library/alpine","io.imagetasks.config":"{{{C}}}","org.opencontainers.image.ref.name":"docker.io/library/alpine:\u0031"}}""",
        // Not ours: skopeo's entries, bad digests, missing annotations.
        $$$"""{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{M}}}","size":7,"annotations":{"org.opencontainers.image.ref.name":"bench"}}""",
        $$$"""{"mediaType":"x","digest":"sha256:nothex","size":7,"annotations":{"io.imagetasks.repository":"docker.io/library/alpine","io.imagetasks.config":"{{{C}}}"}}""",
        $$$"""{"mediaType":"x","digest":"{{{M}}}","size":7,"annotations":{"io.imagetasks.repository":"docker.io/library/alpine","io.imagetasks.config":"md5:abc"}}""",
        $$$"""{"mediaType":"x","digest":"{{{M}}}","size":7,"annotations":null,"urls":["u"]}""",
        $$$"""{"mediaType":"x","digest":null,"size":7}""",
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void An_entry_reads_as_the_serializer_and_FromDescriptor_read_it(string entry)
    {
        var json = $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{{entry}}},{{{entry}}}]}""";
        var (records, foreign) = IndexReader.Read(Encoding.UTF8.GetBytes(json));

        // An entry the serializer cannot read as a descriptor (a malformed digest) is not ours: it stays, verbatim.
        Descriptor? descriptor = null;
        try
        {
            descriptor = JsonSerializer.Deserialize(entry, ManifestJsonContext.Default.Descriptor);
        }
        catch (JsonException)
        {
        }

        if (descriptor is not null && ImageRecord.FromDescriptor(descriptor) is { } expected)
        {
            Assert.Equal([expected, expected], records);
            Assert.Empty(foreign);
        }
        else
        {
            Assert.Empty(records);
            Assert.Equal([entry, entry], foreign.Select(f => f.Json));
        }
    }

    [Theory]
    [InlineData("""{"manifests":[{"digest":1}]}""")]
    [InlineData("""{"manifests":[{"size":"1"}]}""")]
    [InlineData("""{"manifests":[{"annotations":{"a":1}}]}""")]
    [InlineData("""{"manifests":{}}""")]
    [InlineData("""{"manifests":[]} x""")]
    [InlineData("""{"manifests":[""")]
    [InlineData("""[]""")]
    public void A_damaged_index_is_a_JSON_error_as_before(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, ManifestJsonContext.Default.ImageIndex));
        Assert.ThrowsAny<JsonException>(() => IndexReader.Read(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Entries_of_one_repository_share_its_parsed_reference()
    {
        var entry = $$$"""{"mediaType":"x","digest":"{{{M}}}","size":7,"annotations":{"io.imagetasks.repository":"docker.io/library/alpine","io.imagetasks.config":"{{{C}}}"}}""";
        var (records, _) = IndexReader.Read(Encoding.UTF8.GetBytes($$$"""{"manifests":[{{{entry}}},{{{entry}}}]}"""));

        Assert.Same(records[0].Repository, records[1].Repository);
    }
}
