using ImageTasks.Core.References;
using Xunit;

namespace ImageTasks.Core.Tests.References;

/// <summary>
/// The public test vectors of Docker's normaliser, github.com/distribution/reference normalize_test.go,
/// transcribed as data. Docker's ParseNormalizedNamed is <see cref="ImageReference.Parse"/>; its
/// FamiliarName / FamiliarString are <see cref="ImageReference.FamiliarRepository"/> /
/// <see cref="ImageReference.ToFamiliarString"/>; TagNameOnly is <see cref="ImageReference.WithDefaultTag"/>.
/// TestMatch and TestMatchError (FamiliarMatch, glob matching) have no counterpart here and are left out.
/// </summary>
public sealed class DockerNormalizeVectorsTests
{
    private const string Sha256Dbcc = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    private const string Sha256E669 = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";

    [Theory]
    [InlineData("docker/docker")]
    [InlineData("library/debian")]
    [InlineData("debian")]
    [InlineData("docker.io/docker/docker")]
    [InlineData("docker.io/library/debian")]
    [InlineData("docker.io/debian")]
    [InlineData("index.docker.io/docker/docker")]
    [InlineData("index.docker.io/library/debian")]
    [InlineData("index.docker.io/debian")]
    [InlineData("127.0.0.1:5000/docker/docker")]
    [InlineData("127.0.0.1:5000/library/debian")]
    [InlineData("127.0.0.1:5000/debian")]
    [InlineData("192.168.0.1")]
    [InlineData("192.168.0.1:80")]
    [InlineData("192.168.0.1:8/debian")]
    [InlineData("192.168.0.2:25000/debian")]
    [InlineData("thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev")]
    [InlineData("[fc00::1]:5000/docker")]
    [InlineData("[fc00::1]:5000/docker/docker")]
    [InlineData("[fc00:1:2:3:4:5:6:7]:5000/library/debian")]
    [InlineData("docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a")]
    [InlineData("Docker/docker")]
    [InlineData("DOCKER/docker")]
    public void TestValidateReferenceName_valid(string name)
    {
        Assert.True(ImageReference.TryParse(name, out _, out string? error), error);
    }

    [Theory]
    [InlineData("https://github.com/docker/docker")]
    [InlineData("docker/Docker")]
    [InlineData("-docker")]
    [InlineData("-docker/docker")]
    [InlineData("-docker.io/docker/docker")]
    [InlineData("docker///docker")]
    [InlineData("docker.io/docker/Docker")]
    [InlineData("docker.io/docker///docker")]
    [InlineData("[fc00::1]")]
    [InlineData("[fc00::1]:5000")]
    [InlineData("fc00::1:5000/debian")]
    [InlineData("[fe80::1%eth0]:5000/debian")]
    [InlineData("[2001:db8:3:4::192.0.2.33]:5000/debian")]
    [InlineData("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a")]
    public void TestValidateReferenceName_invalid(string name)
    {
        Assert.False(ImageReference.TryParse(name, out _, out _));
        Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse(name));
    }

    [Theory]
    [InlineData("docker/docker")] // sanity check
    [InlineData("thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev")] // 64 characters, not hex
    [InlineData("docker-rules/docker")] // embedded hyphens
    [InlineData("docker---rules/docker")] // multiple hyphens
    [InlineData("doc/docker")]
    [InlineData("d/docker")] // single-character names
    [InlineData("jess/t")]
    [InlineData("dock__er/docker")] // consecutive underscores
    public void TestValidateRemoteName_valid(string name)
    {
        Assert.True(ImageReference.TryParse(name, out _, out string? error), error);
    }

    [Theory]
    [InlineData("docker/Docker")] // capital letters
    [InlineData("docker///docker")] // empty components
    [InlineData("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a")] // 64-character hex
    [InlineData("-docker/docker")] // leading and trailing hyphens in the namespace
    [InlineData("docker-/docker")]
    [InlineData("-docker-/docker")]
    [InlineData("____/____")] // underscores are separators, not components
    [InlineData("_docker/_docker")]
    [InlineData("dock..er/docker")] // consecutive periods and mixed separators
    [InlineData("dock_.er/docker")]
    [InlineData("dock-.er/docker")]
    [InlineData("docker/")] // no repository
    [InlineData("this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker")]
    public void TestValidateRemoteName_invalid(string name)
    {
        Assert.False(ImageReference.TryParse(name, out _, out _));
    }

    /// <summary>
    /// TestParseRepositoryInfo. Each row is Docker's (RemoteName, FamiliarName, FullName, AmbiguousName,
    /// Domain); Docker parses the familiar, full and (where given) ambiguous spelling and expects all three
    /// to give the same familiar name, full name, domain and path.
    /// </summary>
    public static TheoryData<string, string, string, string, string> TestParseRepositoryInfoCases
    {
        get
        {
            string[][] rows =
            [
                ["fooo/bar", "fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io"],
                ["library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io"],
                ["nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "", "docker.io"],
                ["other/library", "other/library", "docker.io/other/library", "", "docker.io"],
                ["private/moonbase", "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000/private/moonbase", "", "127.0.0.1:8000"],
                ["privatebase", "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase", "", "127.0.0.1:8000"],
                ["private/moonbase", "example.com/private/moonbase", "example.com/private/moonbase", "", "example.com"],
                ["privatebase", "example.com/privatebase", "example.com/privatebase", "", "example.com"],
                ["private/moonbase", "example.com:8000/private/moonbase", "example.com:8000/private/moonbase", "", "example.com:8000"],
                ["privatebasee", "example.com:8000/privatebasee", "example.com:8000/privatebasee", "", "example.com:8000"],
                ["library/ubuntu-12.04-base", "ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base", "index.docker.io/library/ubuntu-12.04-base", "docker.io"],
                ["library/foo", "foo", "docker.io/library/foo", "docker.io/foo", "docker.io"],
                ["library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "", "docker.io"],
                ["store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "", "docker.io"],
                ["bar", "Foo/bar", "Foo/bar", "", "Foo"],
                ["bar", "FOO/bar", "FOO/bar", "", "FOO"],
            ];

            var data = new TheoryData<string, string, string, string, string>();
            foreach (string[] row in rows)
            {
                (string remoteName, string familiarName, string fullName, string ambiguousName, string domain) =
                    (row[0], row[1], row[2], row[3], row[4]);
                // Docker parses each spelling; where the familiar and full spellings coincide, that is one case.
                foreach (string input in new[] { familiarName, fullName, ambiguousName }.Where(r => r.Length > 0).Distinct())
                {
                    data.Add(input, familiarName, fullName, domain, remoteName);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TestParseRepositoryInfoCases))]
    public void TestParseRepositoryInfo(string input, string familiarName, string fullName, string domain, string remoteName)
    {
        ImageReference reference = ImageReference.Parse(input);

        Assert.Equal(familiarName, reference.FamiliarRepository);
        Assert.Equal(fullName, reference.ToString());
        Assert.Equal(fullName, reference.Repository.ToString());
        Assert.Equal(domain, reference.Domain);
        Assert.Equal(remoteName, reference.Path);
    }

    [Fact]
    public void TestParseReferenceWithTagAndDigest()
    {
        const string shortRef = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";

        ImageReference reference = ImageReference.Parse(shortRef);

        Assert.Equal("docker.io/library/" + shortRef, reference.ToString());
        Assert.Equal("latest", reference.Tag);
        Assert.Equal("sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa", reference.Digest?.ToString());
        Assert.Equal(shortRef, reference.ToFamiliarString());
    }

    [Fact]
    public void TestInvalidReferenceComponents()
    {
        Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse("-foo"));

        ImageReference reference = ImageReference.Parse("busybox");
        Assert.Throws<ReferenceFormatException>(() => reference.WithTag("-foo"));

        // Docker's WithDigest(ref, "foo") fails on the digest; here "foo" cannot even become a Digest.
        Assert.Throws<DigestFormatException>(() => Digest.Parse("foo"));
    }

    /// <summary>TestParseAnyReference, the cases that resolve to a name (ParseAnyReference falls back to ParseNormalizedNamed).</summary>
    [Theory]
    [InlineData("redis", "docker.io/library/redis")]
    [InlineData("redis:latest", "docker.io/library/redis:latest")]
    [InlineData("docker.io/library/redis:latest", "docker.io/library/redis:latest")]
    [InlineData("redis@" + Sha256Dbcc, "docker.io/library/redis@" + Sha256Dbcc)]
    [InlineData("docker.io/library/redis@" + Sha256Dbcc, "docker.io/library/redis@" + Sha256Dbcc)]
    [InlineData("dmcgowan/myapp", "docker.io/dmcgowan/myapp")]
    [InlineData("dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest")]
    [InlineData("docker.io/mcgowan/myapp:latest", "docker.io/mcgowan/myapp:latest")]
    [InlineData("dmcgowan/myapp@" + Sha256Dbcc, "docker.io/dmcgowan/myapp@" + Sha256Dbcc)]
    [InlineData("docker.io/dmcgowan/myapp@" + Sha256Dbcc, "docker.io/dmcgowan/myapp@" + Sha256Dbcc)]
    [InlineData("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9")]
    [InlineData("dbcc1", "docker.io/library/dbcc1")]
    public void TestParseAnyReference_names(string reference, string equivalent)
    {
        ImageReference parsed = ImageReference.Parse(reference);

        Assert.Equal(equivalent, parsed.ToString());
        Assert.Equal(ImageReference.Parse(equivalent), parsed);
    }

    /// <summary>
    /// TestParseAnyReference, the two cases that resolve to a bare digest (an image ID with or without
    /// "sha256:"). An ImageReference always has a name, so they map onto <see cref="Digest"/> instead.
    /// </summary>
    [Fact]
    public void TestParseAnyReference_identifiers_are_digests()
    {
        Assert.Equal(Sha256Dbcc, Digest.FromHex("sha256", "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c").ToString());
        Assert.Equal(Sha256Dbcc, Digest.Parse(Sha256Dbcc).ToString());

        // ...and as a name, a bare ID is refused rather than read as docker.io/library/<id>.
        Assert.False(ImageReference.TryParse("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", out _, out _));
    }

    [Theory]
    [InlineData("test.com/foo", "test.com", "foo")]
    [InlineData("test_com/foo", "docker.io", "test_com/foo")]
    [InlineData("docker/migrator", "docker.io", "docker/migrator")]
    [InlineData("test.com:8080/foo", "test.com:8080", "foo")]
    [InlineData("test-com:8080/foo", "test-com:8080", "foo")]
    [InlineData("foo", "docker.io", "library/foo")]
    [InlineData("xn--n3h.com/foo", "xn--n3h.com", "foo")]
    [InlineData("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo")]
    [InlineData("docker.io/foo", "docker.io", "library/foo")]
    [InlineData("docker.io/library/foo", "docker.io", "library/foo")]
    [InlineData("docker.io/library/foo/bar", "docker.io", "library/foo/bar")]
    public void TestNormalizedSplitHostname(string input, string domain, string path)
    {
        ImageReference reference = ImageReference.Parse(input);

        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
    }

    /// <summary>TestParseDockerRef: ParseNormalizedNamed followed by TagNameOnly.</summary>
    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest")] // nothing
    [InlineData("busybox:latest", "docker.io/library/busybox:latest")] // tag only
    [InlineData("busybox@" + Sha256E669, "docker.io/library/busybox@" + Sha256E669)] // digest only
    [InlineData("library/busybox", "docker.io/library/busybox:latest")] // path only
    [InlineData("docker.io/busybox", "docker.io/library/busybox:latest")] // hostname only
    [InlineData("docker.io/library/busybox", "docker.io/library/busybox:latest")] // no tag
    [InlineData("docker.io/busybox:latest", "docker.io/library/busybox:latest")] // no path
    [InlineData("library/busybox:latest", "docker.io/library/busybox:latest")] // no hostname
    [InlineData("docker.io/library/busybox:latest", "docker.io/library/busybox:latest")] // full reference with tag
    [InlineData("gcr.io/library/busybox", "gcr.io/library/busybox:latest")] // gcr reference without tag
    public void TestParseDockerRef(string input, string expected)
    {
        ImageReference normalized = ImageReference.Parse(input).WithDefaultTag();

        Assert.Equal(expected, normalized.ToString());
        Assert.Equal(normalized, ImageReference.Parse(normalized.ToString()));
    }

    /// <summary>
    /// TestParseDockerRef "both tag and digest": ParseDockerRef keeps only the digest. WithDefaultTag keeps
    /// both (as Docker's TagNameOnly does); dropping the tag is spelled NameOnly().WithDigest(...).
    /// </summary>
    [Fact]
    public void TestParseDockerRef_both_tag_and_digest()
    {
        ImageReference parsed = ImageReference.Parse("gcr.io/library/busybox:latest@" + Sha256E669);

        ImageReference digestOnly = parsed.NameOnly().WithDigest(parsed.Digest!.Value);

        Assert.Equal("gcr.io/library/busybox@" + Sha256E669, digestOnly.ToString());
        Assert.Same(parsed, parsed.WithDefaultTag());
    }
}
