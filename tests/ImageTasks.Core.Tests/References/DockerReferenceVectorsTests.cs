using ImageTasks.Core.References;
using Xunit;

namespace ImageTasks.Core.Tests.References;

/// <summary>
/// The public test vectors of Docker's parser, github.com/distribution/reference reference_test.go
/// (current version: the 255-character limit applies to the path, not domain + path), transcribed as
/// data. Docker's Parse does not normalise, so these run against the grammar itself
/// (<see cref="ReferenceGrammar.Parse"/>); what maps onto <see cref="ImageReference"/> is checked there too.
/// Error vectors name Docker's error values; the messages below are those values' texts.
/// </summary>
public sealed class DockerReferenceVectorsTests
{
    private const string InvalidFormat = "invalid reference format";
    private const string NameEmpty = "repository name must have at least one component";
    private const string NameContainsUppercase = "repository name must be lowercase";
    private const string NameTooLong = "repository name must not be more than 255 characters";
    private const string DigestInvalidLength = "invalid checksum digest length";
    private const string DigestUnsupported = "unsupported digest algorithm";

    private static readonly string F64 = new('f', 64);
    private static readonly string F128 = new('f', 128);
    private static readonly string RepeatedA127 = string.Concat(Enumerable.Repeat("a/", 127));

    /// <summary>TestReferenceParse: input, error, repository (name), domain, tag, digest.</summary>
    public static TheoryData<string, string?, string?, string?, string?, string?> TestReferenceParseCases => new()
    {
        { "test_com", null, "test_com", null, null, null },
        { "test.com:tag", null, "test.com", null, "tag", null },
        { "test.com:5000", null, "test.com", null, "5000", null },
        { "test.com/repo:tag", null, "test.com/repo", "test.com", "tag", null },
        { "test:5000/repo", null, "test:5000/repo", "test:5000", null, null },
        { "test:5000/repo:tag", null, "test:5000/repo", "test:5000", "tag", null },
        { "test:5000/repo@sha256:" + F64, null, "test:5000/repo", "test:5000", null, "sha256:" + F64 },
        { "test:5000/repo:tag@sha256:" + F64, null, "test:5000/repo", "test:5000", "tag", "sha256:" + F64 },
        { "", NameEmpty, null, null, null, null },
        { ":justtag", InvalidFormat, null, null, null, null },
        { "@sha256:" + F64, InvalidFormat, null, null, null, null },
        { "repo@sha256:ffffffffffffffffffffffffffffffffff", DigestInvalidLength, null, null, null, null },
        { "validname@invaliddigest:" + F64, DigestUnsupported, null, null, null, null },
        { "Uppercase:tag", NameContainsUppercase, null, null, null, null },
        { "test:5000/Uppercase/lowercase:tag", NameContainsUppercase, null, null, null, null },
        { "lowercase:Uppercase", null, "lowercase", null, "Uppercase", null },
        { "domain/" + new string('a', 256) + ":tag", NameTooLong, null, null, null, null },
        { RepeatedA127 + "a:tag-puts-this-over-max", null, RepeatedA127 + "a", "a", "tag-puts-this-over-max", null },
        { "aa/asdf$$^/aa", InvalidFormat, null, null, null, null },
        { "sub-dom1.foo.com/bar/baz/quux", null, "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", null, null },
        { "sub-dom1.foo.com/bar/baz/quux:some-long-tag", null, "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "some-long-tag", null },
        { "b.gcr.io/test.example.com/my-app:test.example.com", null, "b.gcr.io/test.example.com/my-app", "b.gcr.io", "test.example.com", null },
        { "xn--n3h.com/myimage:xn--n3h.com", null, "xn--n3h.com/myimage", "xn--n3h.com", "xn--n3h.com", null },
        { "xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + F128, null, "xn--7o8h.com/myimage", "xn--7o8h.com", "xn--7o8h.com", "sha512:" + F128 },
        { "foo_bar.com:8080", null, "foo_bar.com", null, "8080", null },
        { "foo/foo_bar.com:8080", null, "foo/foo_bar.com", "foo", "8080", null },
        { "192.168.1.1", null, "192.168.1.1", null, null, null },
        { "192.168.1.1:tag", null, "192.168.1.1", null, "tag", null },
        { "192.168.1.1:5000", null, "192.168.1.1", null, "5000", null },
        { "192.168.1.1/repo", null, "192.168.1.1/repo", "192.168.1.1", null, null },
        { "192.168.1.1:5000/repo", null, "192.168.1.1:5000/repo", "192.168.1.1:5000", null, null },
        { "192.168.1.1:5000/repo:5050", null, "192.168.1.1:5000/repo", "192.168.1.1:5000", "5050", null },
        { "[2001:db8::1]", InvalidFormat, null, null, null, null },
        { "[2001:db8::1]:5000", InvalidFormat, null, null, null, null },
        { "[2001:db8::1]:tag", InvalidFormat, null, null, null, null },
        { "[2001:db8::1]/repo", null, "[2001:db8::1]/repo", "[2001:db8::1]", null, null },
        { "[2001:db8:1:2:3:4:5:6]/repo:tag", null, "[2001:db8:1:2:3:4:5:6]/repo", "[2001:db8:1:2:3:4:5:6]", "tag", null },
        { "[2001:db8::1]:5000/repo", null, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", null, null },
        { "[2001:db8::1]:5000/repo:tag", null, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "tag", null },
        { "[2001:db8::1]:5000/repo@sha256:" + F64, null, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", null, "sha256:" + F64 },
        { "[2001:db8::1]:5000/repo:tag@sha256:" + F64, null, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "tag", "sha256:" + F64 },
        { "[2001:db8::]:5000/repo", null, "[2001:db8::]:5000/repo", "[2001:db8::]:5000", null, null },
        { "[::1]:5000/repo", null, "[::1]:5000/repo", "[::1]:5000", null, null },
        { "[fe80::1%eth0]:5000/repo", InvalidFormat, null, null, null, null },
        { "[fe80::1%@invalidzone]:5000/repo", InvalidFormat, null, null, null, null },
        { "example.com/" + new string('a', 255) + ":tag", null, "example.com/" + new string('a', 255), "example.com", "tag", null },

        // TestSerialization parses its inputs with the same Parse.
        { "example.com:8000/named", null, "example.com:8000/named", "example.com:8000", null, null },
        { "example.com:8000/named:tagged", null, "example.com:8000/named", "example.com:8000", "tagged", null },
        {
            "other.com/named@sha256:1234567890098765432112345667890098765432112345667890098765432112", null,
            "other.com/named", "other.com", null, "sha256:1234567890098765432112345667890098765432112345667890098765432112"
        },
    };

    [Theory]
    [MemberData(nameof(TestReferenceParseCases))]
    public void TestReferenceParse(string input, string? error, string? repository, string? domain, string? tag, string? digest)
    {
        string? actualError = ReferenceGrammar.Parse(input, out ReferenceParts parts);

        if (error is not null)
        {
            Assert.Equal(error, actualError);
            return;
        }

        Assert.Null(actualError);
        string name = parts.Domain.Length == 0 ? parts.Path : parts.Domain + "/" + parts.Path;
        Assert.Equal(repository, name);
        Assert.Equal(domain ?? "", parts.Domain);
        Assert.Equal(tag, parts.Tag);
        Assert.Equal(digest, parts.Digest?.ToString());

        // Docker also checks that the parsed reference prints back as its input.
        Assert.Equal(input, name + (tag is null ? "" : ":" + tag) + (digest is null ? "" : "@" + digest));
    }

    /// <summary>
    /// Normalising only prefixes a domain (and "library/"), so every vector keeps its verdict, tag and
    /// digest through <see cref="ImageReference.Parse"/> (the messages may differ: see the normalize tests).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestReferenceParseCases))]
    public void TestReferenceParse_through_ImageReference_keeps_verdict_tag_and_digest(
        string input, string? error, string? repository, string? domain, string? tag, string? digest)
    {
        _ = repository;
        _ = domain;
        bool parsed = ImageReference.TryParse(input, out ImageReference? reference, out string? actualError);

        Assert.Equal(error is null, parsed);
        if (parsed)
        {
            Assert.Null(actualError);
            Assert.Equal(tag, reference!.Tag);
            Assert.Equal(digest, reference.Digest?.ToString());
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(actualError));
        }
    }

    public static TheoryData<string> TestWithNameFailureCases => new()
    {
        "",
        ":justtag",
        "@sha256:" + F64,
        "validname@invaliddigest:" + F64,
        "example.com/" + new string('a', 256),
        "aa/asdf$$^/aa",
    };

    /// <summary>TestDomainAndPath (Docker's WithName: a name without tag or digest).</summary>
    [Theory]
    [InlineData("test.com/foo", "test.com", "foo")]
    [InlineData("test_com/foo", "", "test_com/foo")]
    [InlineData("test:8080/foo", "test:8080", "foo")]
    [InlineData("test.com:8080/foo", "test.com:8080", "foo")]
    [InlineData("test-com:8080/foo", "test-com:8080", "foo")]
    [InlineData("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo")]
    public void TestDomainAndPath(string input, string domain, string path)
    {
        Assert.Null(ReferenceGrammar.Parse(input, out ReferenceParts parts));
        Assert.Equal(domain, parts.Domain);
        Assert.Equal(path, parts.Path);
    }

    /// <summary>
    /// TestWithNameFailure: names Docker's WithName refuses, which <see cref="ImageReference.Parse"/> refuses too.
    /// ("example.com/repo:tag" is left out: WithName refuses it only because it takes no tag.)
    /// </summary>
    [Theory]
    [MemberData(nameof(TestWithNameFailureCases))]
    public void TestWithNameFailure(string input)
    {
        Assert.False(ImageReference.TryParse(input, out _, out _));
        Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse(input));
    }

    /// <summary>TestWithTag (the cases without a digest; see <see cref="TestWithTag_and_TestWithDigest_digests_are_too_short_to_be_digests"/>).</summary>
    [Theory]
    [InlineData("test.com/foo", "tag", "test.com/foo:tag")]
    [InlineData("foo", "tag2", "foo:tag2")]
    [InlineData("test.com:8000/foo", "tag4", "test.com:8000/foo:tag4")]
    [InlineData("test.com:8000/foo", "TAG5", "test.com:8000/foo:TAG5")]
    public void TestWithTag(string name, string tag, string combined)
    {
        Assert.Equal(combined, ImageReference.Parse(name).WithTag(tag).ToFamiliarString());
    }

    /// <summary>
    /// TestWithTag's last case and all of TestWithDigest use "sha256:" with 37 hex characters: Docker's
    /// WithDigest checks only the shape (32 or more hex). A <see cref="Digest"/> is a real sha256/sha512
    /// value, so those combinations cannot be built here; this records that the digest is refused.
    /// </summary>
    [Fact]
    public void TestWithTag_and_TestWithDigest_digests_are_too_short_to_be_digests()
    {
        Assert.False(Digest.TryParse("sha256:1234567890098765432112345667890098765", out _));
    }

    /// <summary>
    /// TestParseNamed: Docker's ParseNamed is ParseNormalizedNamed plus "the input was already canonical",
    /// which here is <c>ImageReference.Parse(input).ToString() == input</c>.
    /// </summary>
    [Theory]
    [InlineData("test.com/foo", "test.com", "foo", true)]
    [InlineData("test:8080/foo", "test:8080", "foo", true)]
    [InlineData("test_com/foo", "docker.io", "test_com/foo", false)]
    [InlineData("test.com", "docker.io", "library/test.com", false)]
    [InlineData("foo", "docker.io", "library/foo", false)]
    [InlineData("library/foo", "docker.io", "library/foo", false)]
    [InlineData("docker.io/library/foo", "docker.io", "library/foo", true)]
    [InlineData("docker.io/foo", "docker.io", "library/foo", false)]
    public void TestParseNamed(string input, string domain, string path, bool canonical)
    {
        ImageReference reference = ImageReference.Parse(input);

        Assert.Equal(canonical, reference.ToString() == input);
        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
    }
}
