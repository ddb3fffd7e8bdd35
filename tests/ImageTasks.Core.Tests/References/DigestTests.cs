using System.Text;
using ImageTasks.Core.References;
using Xunit;

namespace ImageTasks.Core.Tests.References;

public sealed class DigestTests
{
    private const string EmptySha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly string Hex64 = string.Concat(Enumerable.Repeat("0123456789abcdef", 4));
    private static readonly string Hex128 = string.Concat(Enumerable.Repeat("0123456789abcdef", 8));

    public static TheoryData<string, string, string> ValidDigests => new()
    {
        { "sha256:" + Hex64, "sha256", Hex64 },
        { "sha512:" + Hex128, "sha512", Hex128 },
        { EmptySha256, "sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    };

    [Theory]
    [MemberData(nameof(ValidDigests))]
    public void A_digest_is_an_algorithm_and_lowercase_hex_of_its_exact_size(string text, string algorithm, string hex)
    {
        Digest digest = Digest.Parse(text);

        Assert.Equal(algorithm, digest.Algorithm);
        Assert.Equal(hex, digest.Hex);
        Assert.Equal(text, digest.ToString());
        Assert.True(Digest.TryParse(text, out Digest parsed));
        Assert.Equal(digest, parsed);
        Assert.Equal(digest, Digest.FromHex(algorithm, hex));
    }

    /// <summary>Input, and the rule the message names after <c>invalid digest "input": </c>.</summary>
    public static TheoryData<string, string> InvalidDigests => new()
    {
        { "", "expected \"<algorithm>:<hex>\", such as \"sha256:\" followed by 64 hex characters" },
        { "sha256", "expected \"<algorithm>:<hex>\", such as \"sha256:\" followed by 64 hex characters" },
        { "sha256:", "expected \"<algorithm>:<hex>\", such as \"sha256:\" followed by 64 hex characters" },
        { ":" + Hex64, "expected \"<algorithm>:<hex>\", such as \"sha256:\" followed by 64 hex characters" },
        { Hex64, "expected \"<algorithm>:<hex>\", such as \"sha256:\" followed by 64 hex characters" },
        { "md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported algorithm \"md5\"; only sha256 and sha512 are accepted" },
        { "sha384:" + Hex64 + Hex64[..32], "unsupported algorithm \"sha384\"; only sha256 and sha512 are accepted" },
        { "SHA256:" + Hex64, "unsupported algorithm \"SHA256\"; only sha256 and sha512 are accepted" },
        { "sha256+b64:" + Hex64, "unsupported algorithm \"sha256+b64\"; only sha256 and sha512 are accepted" },
        { "sha256:" + Hex64[..63], "sha256 needs 64 hex characters after the ':', found 63" },
        { "sha256:" + Hex64 + "0", "sha256 needs 64 hex characters after the ':', found 65" },
        { "sha512:" + Hex64, "sha512 needs 128 hex characters after the ':', found 64" },
        { "sha256:" + Hex64.ToUpperInvariant(), "the hex after the ':' must be lowercase 0-9 and a-f" },
        { "sha256:" + Hex64[..63] + "g", "the hex after the ':' must be lowercase 0-9 and a-f" },
        { "sha256:" + Hex64[..63] + ":", "the hex after the ':' must be lowercase 0-9 and a-f" },
    };

    [Theory]
    [MemberData(nameof(InvalidDigests))]
    public void Anything_else_is_refused_with_the_rule_it_broke(string text, string rule)
    {
        DigestFormatException error = Assert.Throws<DigestFormatException>(() => Digest.Parse(text));

        Assert.Equal($"invalid digest \"{text}\": {rule}", error.Message);
        Assert.IsAssignableFrom<ImageTasksException>(error);
        Assert.False(Digest.TryParse(text, out Digest digest));
        Assert.Equal(default, digest);
    }

    /// <summary>Digests name files in blob stores; nothing that could leave the store directory gets through.</summary>
    [Theory]
    [InlineData("sha256:../../../../../../../../../../../../../../../../../../../../etc/passwd")]
    [InlineData("sha256:/etc/passwd")]
    [InlineData("../sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\\")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde/")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n")]
    public void Nothing_path_like_is_a_digest(string text)
    {
        Assert.False(Digest.TryParse(text, out _));
    }

    [Fact]
    public void A_very_long_input_is_quoted_cut_short()
    {
        string text = "sha256:" + new string('x', 10_000);

        DigestFormatException error = Assert.Throws<DigestFormatException>(() => Digest.Parse(text));

        Assert.True(error.Message.Length < 400, error.Message);
        Assert.Contains("found 10000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_of_null_is_false_and_Parse_of_null_is_an_argument_error()
    {
        Assert.False(Digest.TryParse(null, out _));
        Assert.Throws<ArgumentNullException>(() => Digest.Parse(null!));
    }

    [Fact]
    public void FromHex_applies_the_same_rules()
    {
        DigestFormatException error = Assert.Throws<DigestFormatException>(() => Digest.FromHex("sha256", "abc"));

        Assert.Equal("invalid digest \"sha256:abc\": sha256 needs 64 hex characters after the ':', found 3", error.Message);
        Assert.Throws<DigestFormatException>(() => Digest.FromHex("md5", Hex64));
    }

    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Compute_is_the_sha256_of_the_bytes(string content, string hex)
    {
        Digest digest = Digest.Compute(Encoding.UTF8.GetBytes(content));

        Assert.Equal("sha256", digest.Algorithm);
        Assert.Equal(hex, digest.Hex);
        Assert.Equal(Digest.Parse("sha256:" + hex), digest);
    }

    [Fact]
    public void ShortId_is_the_first_12_hex_characters_as_docker_prints_image_ids()
    {
        Assert.Equal("e3b0c44298fc", Digest.Parse(EmptySha256).ShortId);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        Digest a = Digest.Parse(EmptySha256);
        Digest b = Digest.Compute([]);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Digest.Parse("sha256:" + Hex64));
    }

    [Fact]
    public void The_default_value_is_empty_not_a_digest()
    {
        Digest none = default;

        Assert.Equal("", none.Algorithm);
        Assert.Equal("", none.Hex);
        Assert.Equal("", none.ShortId);
        Assert.Equal("", none.ToString());
    }
}
