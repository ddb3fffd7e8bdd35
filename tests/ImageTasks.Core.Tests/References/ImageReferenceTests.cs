using ImageTasks.Core.References;
using Xunit;

namespace ImageTasks.Core.Tests.References;

/// <summary>ImageTasks' own specification of <see cref="ImageReference"/>, beyond Docker's published vectors.</summary>
public sealed class ImageReferenceTests
{
    private const string Hex = "86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    private const string Sha256 = "sha256:" + Hex;

    /// <summary>Input; then Domain, Path, Tag, Digest; then the full and the familiar form.</summary>
    public static TheoryData<string, string, string, string?, string?, string, string> Readings => new()
    {
        { "ubuntu", "docker.io", "library/ubuntu", null, null, "docker.io/library/ubuntu", "ubuntu" },
        { "ubuntu:latest", "docker.io", "library/ubuntu", "latest", null, "docker.io/library/ubuntu:latest", "ubuntu:latest" },
        { "nigelpoulton/tu-demo:v2", "docker.io", "nigelpoulton/tu-demo", "v2", null, "docker.io/nigelpoulton/tu-demo:v2", "nigelpoulton/tu-demo:v2" },
        { "index.docker.io/library/ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", null, "docker.io/library/ubuntu:22.04", "ubuntu:22.04" },
        { "ubuntu@" + Sha256, "docker.io", "library/ubuntu", null, Sha256, "docker.io/library/ubuntu@" + Sha256, "ubuntu@" + Sha256 },
        { "ubuntu:latest@" + Sha256, "docker.io", "library/ubuntu", "latest", Sha256, "docker.io/library/ubuntu:latest@" + Sha256, "ubuntu:latest@" + Sha256 },
        { "127.0.0.1:5000/foo@" + Sha256, "127.0.0.1:5000", "foo", null, Sha256, "127.0.0.1:5000/foo@" + Sha256, "127.0.0.1:5000/foo@" + Sha256 },
        { "localhost/foo", "localhost", "foo", null, null, "localhost/foo", "localhost/foo" },
        { "localhost:5000/foo/bar:1", "localhost:5000", "foo/bar", "1", null, "localhost:5000/foo/bar:1", "localhost:5000/foo/bar:1" },
        { "[fc00::1]:5000/foo:dev", "[fc00::1]:5000", "foo", "dev", null, "[fc00::1]:5000/foo:dev", "[fc00::1]:5000/foo:dev" },
        { "ghcr.io/owner/app:1.0", "ghcr.io", "owner/app", "1.0", null, "ghcr.io/owner/app:1.0", "ghcr.io/owner/app:1.0" },
        { "Registry.Example.COM/app", "Registry.Example.COM", "app", null, null, "Registry.Example.COM/app", "Registry.Example.COM/app" },

        // A single word is always a Docker Hub name, even one that looks like a host (Docker's own FIXME).
        { "localhost", "docker.io", "library/localhost", null, null, "docker.io/library/localhost", "localhost" },
        { "localhost:5000", "docker.io", "library/localhost", "5000", null, "docker.io/library/localhost:5000", "localhost:5000" },
        { "example.com", "docker.io", "library/example.com", null, null, "docker.io/library/example.com", "example.com" },

        // "library/" goes from the familiar form only when exactly one component follows it.
        { "library/foo/bar", "docker.io", "library/foo/bar", null, null, "docker.io/library/foo/bar", "library/foo/bar" },

        // Docker's corner case: "foo_bar.com" contains '.', so it is taken as a registry, but it is not a
        // valid host; the grammar then reads the whole name as a path and the domain stays empty.
        { "foo_bar.com/x", "", "foo_bar.com/x", null, null, "foo_bar.com/x", "foo_bar.com/x" },
    };

    [Theory]
    [MemberData(nameof(Readings))]
    public void A_reference_reads_as_docker_reads_it(
        string input, string domain, string path, string? tag, string? digest, string full, string familiar)
    {
        ImageReference reference = ImageReference.Parse(input);

        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest?.ToString());
        Assert.Equal(full, reference.ToString());
        Assert.Equal(familiar, reference.ToFamiliarString());

        // Both printed forms read back as the same reference.
        Assert.Equal(reference, ImageReference.Parse(full));
        Assert.Equal(reference, ImageReference.Parse(familiar));
    }

    /// <summary>Input and Docker's exact message.</summary>
    public static TheoryData<string, string> Refusals => new()
    {
        { "", "invalid reference format" },
        { ":latest", "invalid reference format" },
        { "ubuntu:", "invalid reference format" },
        { "ubuntu:-dev", "invalid reference format" },
        { "ubuntu:" + new string('t', 129), "invalid reference format" },
        { "ubuntu@", "invalid reference format" },
        { "ubuntu@sha256:abc", "invalid reference format" },
        { "ubu$ntu", "invalid reference format" },
        { "docker://ubuntu", "invalid reference format" },
        { "ubuntu latest", "invalid reference format" },
        { " ubuntu", "invalid reference format" },
        { "foo//bar", "invalid reference format" },
        { "foo/bar/", "invalid reference format" },
        { "example.com:port/foo", "invalid reference format" },
        { "example.com:/foo", "invalid reference format" },
        { "-example.com/foo", "invalid reference format" },
        { "Ubuntu", "invalid reference format: repository name (library/Ubuntu) must be lowercase" },
        { "Ubuntu:Latest", "invalid reference format: repository name (library/Ubuntu) must be lowercase" },
        { "docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase" },
        { "docker.io/Foo/bar", "invalid reference format: repository name (Foo/bar) must be lowercase" },
        { "Foo/Bar", "invalid reference format: repository name (Bar) must be lowercase" },
        { "test:5000/Uppercase/lowercase:tag", "invalid reference format: repository name (Uppercase/lowercase) must be lowercase" },
        {
            "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            "invalid repository name (1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a), cannot specify 64-byte hexadecimal strings"
        },
        { "library/" + new string('a', 248), "repository name must not be more than 255 characters" },
        { "example.com/" + new string('a', 256), "repository name must not be more than 255 characters" },
        { "ubuntu@sha256:" + Hex[..40], "invalid checksum digest length" },
        { "ubuntu@sha512:" + Hex, "invalid checksum digest length" },
        { "ubuntu@sha256:" + Hex.ToUpperInvariant(), "invalid checksum digest format" },
        { "ubuntu@md5:" + Hex[..32], "unsupported digest algorithm" },

        // Docker accepts sha384; a Digest is sha256 or sha512 only, so here it is an unsupported algorithm.
        { "ubuntu@sha384:" + Hex + Hex[..32], "unsupported digest algorithm" },

        // go-digest does not call an uppercase algorithm "unsupported"; it is malformed...
        { "ubuntu:1@SHA256:" + Hex, "invalid checksum digest format" },

        // ...but Docker's lowercase check runs first and cuts the name at the first ':', digest or not.
        { "ubuntu@SHA256:" + Hex, "invalid reference format: repository name (library/ubuntu@SHA256) must be lowercase" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_malformed_reference_is_refused_in_dockers_words(string input, string message)
    {
        Assert.False(ImageReference.TryParse(input, out ImageReference? reference, out string? error));
        Assert.Null(reference);
        Assert.Equal(message, error);

        ReferenceFormatException thrown = Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse(input));
        Assert.Equal(message, thrown.Message);
        Assert.IsAssignableFrom<ImageTasksException>(thrown);
    }

    [Fact]
    public void The_255_character_limit_counts_the_path_including_library()
    {
        Assert.Equal(255, ImageReference.Parse("library/" + new string('a', 247)).Path.Length);
        Assert.Equal(255, ImageReference.Parse("registry.example.com:5000/" + new string('b', 255)).Path.Length);
    }

    [Fact]
    public void Tags_may_be_128_characters_and_mixed_case()
    {
        string tag = "V" + new string('1', 127);

        Assert.Equal(tag, ImageReference.Parse("ubuntu:" + tag).Tag);
    }

    [Fact]
    public void Parse_of_null_is_an_argument_error_and_TryParse_of_null_is_false()
    {
        Assert.Throws<ArgumentNullException>(() => ImageReference.Parse(null!));
        Assert.False(ImageReference.TryParse(null!, out _, out string? error));
        Assert.Equal("invalid reference format", error);
    }

    [Fact]
    public void WithDefaultTag_adds_latest_only_when_there_is_neither_tag_nor_digest()
    {
        Assert.Equal("docker.io/library/ubuntu:latest", ImageReference.Parse("ubuntu").WithDefaultTag().ToString());
        Assert.Equal("docker.io/library/ubuntu:20.04", ImageReference.Parse("ubuntu:20.04").WithDefaultTag().ToString());
        Assert.Equal("docker.io/library/ubuntu@" + Sha256, ImageReference.Parse("ubuntu@" + Sha256).WithDefaultTag().ToString());
    }

    [Fact]
    public void WithTag_replaces_the_tag_and_keeps_the_digest()
    {
        ImageReference pinned = ImageReference.Parse("ubuntu:20.04@" + Sha256);

        Assert.Equal("ubuntu:22.04@" + Sha256, pinned.WithTag("22.04").ToFamiliarString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("-dev")]
    [InlineData(".dev")]
    [InlineData("a:b")]
    [InlineData("a/b")]
    [InlineData("a@b")]
    public void WithTag_refuses_an_invalid_tag(string tag)
    {
        ReferenceFormatException error = Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse("ubuntu").WithTag(tag));

        Assert.Equal("invalid tag format", error.Message);
    }

    [Fact]
    public void WithDigest_pins_and_keeps_the_tag()
    {
        Digest digest = Digest.Parse(Sha256);

        ImageReference pinned = ImageReference.Parse("ubuntu:20.04").WithDigest(digest);

        Assert.Equal("docker.io/library/ubuntu:20.04@" + Sha256, pinned.ToString());
        Assert.Equal(digest, pinned.Digest);
    }

    [Fact]
    public void WithDigest_refuses_the_default_digest()
    {
        ReferenceFormatException error = Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse("ubuntu").WithDigest(default));

        Assert.Equal("invalid digest format", error.Message);
    }

    [Fact]
    public void NameOnly_drops_tag_and_digest()
    {
        ImageReference name = ImageReference.Parse("localhost:5000/foo:1@" + Sha256).NameOnly();

        Assert.Null(name.Tag);
        Assert.Null(name.Digest);
        Assert.Equal("localhost:5000/foo", name.ToString());
        Assert.Same(name, name.NameOnly());
    }

    [Fact]
    public void Equality_is_by_value()
    {
        Assert.Equal(ImageReference.Parse("ubuntu"), ImageReference.Parse("docker.io/library/ubuntu"));
        Assert.Equal(ImageReference.Parse("ubuntu").GetHashCode(), ImageReference.Parse("index.docker.io/ubuntu").GetHashCode());
        Assert.NotEqual(ImageReference.Parse("ubuntu"), ImageReference.Parse("ubuntu:latest"));
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("v1.2.3-rc.1_build", true)]
    [InlineData("_", true)]
    [InlineData("UPPER", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("-x", false)]
    [InlineData(".x", false)]
    [InlineData("x+y", false)]
    [InlineData("x y", false)]
    [InlineData("é", false)]
    public void IsValidTag_follows_the_tag_grammar(string? tag, bool valid)
    {
        Assert.Equal(valid, ImageReference.IsValidTag(tag));
    }

    [Fact]
    public void IsValidTag_allows_128_characters_and_no_more()
    {
        Assert.True(ImageReference.IsValidTag(new string('a', 128)));
        Assert.False(ImageReference.IsValidTag(new string('a', 129)));
    }

    [Theory]
    [InlineData("library/ubuntu", true)]
    [InlineData("foo", true)]
    [InlineData("a/b/c/d", true)]
    [InlineData("foo.bar/baz__qux/a---b", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Foo/bar", false)]
    [InlineData("/foo", false)]
    [InlineData("foo/", false)]
    [InlineData("foo//bar", false)]
    [InlineData("foo/../bar", false)]
    [InlineData("foo:tag", false)]
    [InlineData("foo___bar", false)]
    [InlineData("foo_-bar", false)]
    public void IsValidRepositoryPath_follows_the_path_grammar(string? path, bool valid)
    {
        Assert.Equal(valid, ImageReference.IsValidRepositoryPath(path));
    }

    [Fact]
    public void IsValidRepositoryPath_allows_255_characters_and_no_more()
    {
        Assert.True(ImageReference.IsValidRepositoryPath(new string('a', 255)));
        Assert.False(ImageReference.IsValidRepositoryPath(new string('a', 256)));
    }
}
