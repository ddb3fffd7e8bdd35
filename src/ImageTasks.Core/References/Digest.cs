using System.Buffers;
using System.Security.Cryptography;

namespace ImageTasks.Core.References;

/// <summary>
/// A content digest: "sha256:" followed by 64 lowercase hex characters, or "sha512:" followed by 128.
/// </summary>
/// <remarks>
/// Nothing looser is accepted (no uppercase hex, no sha384, no other encodings). That strictness is the
/// point: a <see cref="Digest"/> is used as a file name in blob stores, so the only characters it can
/// ever contain are [a-z0-9:] and it can never name a path outside the store. <c>default(Digest)</c> is
/// the one value that is not a digest; its parts are empty strings.
/// </remarks>
public readonly record struct Digest
{
    private const string Sha256 = "sha256";
    private const string Sha512 = "sha512";

    // Inputs quoted in messages are cut here so a pasted megabyte does not become a megabyte message.
    private const int MaxQuotedLength = 200;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly string? _algorithm;
    private readonly string? _hex;

    private Digest(string algorithm, string hex)
    {
        _algorithm = algorithm;
        _hex = hex;
    }

    /// <summary>"sha256" or "sha512".</summary>
    public string Algorithm => _algorithm ?? string.Empty;

    /// <summary>The lowercase hex encoding of the hash.</summary>
    public string Hex => _hex ?? string.Empty;

    /// <summary>The first 12 hex characters: the short ID Docker prints for images and layers.</summary>
    public string ShortId => Hex.Length > 12 ? Hex[..12] : Hex;

    /// <summary>Parses "algorithm:hex"; throws <see cref="DigestFormatException"/> naming the rule broken.</summary>
    public static Digest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        DigestViolation violation = TryCreate(text, out Digest digest);
        return violation == DigestViolation.None
            ? digest
            : throw new DigestFormatException(Describe(text, violation));
    }

    public static bool TryParse(string? text, out Digest digest)
    {
        if (text is null)
        {
            digest = default;
            return false;
        }

        return TryCreate(text, out digest) == DigestViolation.None;
    }

    /// <summary>Builds a digest from its two parts, with the same checks as <see cref="Parse"/>.</summary>
    public static Digest FromHex(string algorithm, string hex)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(hex);
        return Parse(string.Concat(algorithm, ":", hex));
    }

    /// <summary>The sha256 digest of <paramref name="data"/>.</summary>
    public static Digest Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return new Digest(Sha256, Convert.ToHexStringLower(hash));
    }

    public override string ToString() => _algorithm is null ? string.Empty : string.Concat(_algorithm, ":", _hex);

    /// <summary>
    /// The single place the digest rules live. Returns which rule <paramref name="text"/> breaks, if any;
    /// callers choose the wording.
    /// </summary>
    internal static DigestViolation TryCreate(ReadOnlySpan<char> text, out Digest digest)
    {
        digest = default;
        int separator = text.IndexOf(':');
        if (separator <= 0 || separator == text.Length - 1)
        {
            return DigestViolation.MissingSeparator;
        }

        ReadOnlySpan<char> algorithm = text[..separator];
        ReadOnlySpan<char> hex = text[(separator + 1)..];

        // The algorithm string is always one of the two constants, so parsing allocates only the hex.
        (string name, int hexLength) = algorithm switch
        {
            Sha256 => (Sha256, 64),
            Sha512 => (Sha512, 128),
            _ => (string.Empty, 0),
        };
        if (hexLength == 0)
        {
            return DigestViolation.UnsupportedAlgorithm;
        }

        if (hex.Length != hexLength)
        {
            return DigestViolation.WrongLength;
        }

        if (hex.ContainsAnyExcept(LowerHex))
        {
            return DigestViolation.NotLowercaseHex;
        }

        digest = new Digest(name, new string(hex));
        return DigestViolation.None;
    }

    private static string Describe(string text, DigestViolation violation)
    {
        string quoted = text.Length > MaxQuotedLength ? string.Concat(text.AsSpan(0, MaxQuotedLength), "...") : text;
        int separator = text.IndexOf(':');
        string rule = violation switch
        {
            DigestViolation.MissingSeparator =>
                "expected \"<algorithm>:<hex>\", such as \"sha256:\" followed by 64 hex characters",
            DigestViolation.UnsupportedAlgorithm =>
                $"unsupported algorithm \"{Quote(text[..separator])}\"; only sha256 and sha512 are accepted",
            DigestViolation.WrongLength =>
                $"{text[..separator]} needs {(text[..separator] == Sha256 ? 64 : 128)} hex characters after the ':', found {text.Length - separator - 1}",
            _ => "the hex after the ':' must be lowercase 0-9 and a-f",
        };
        return $"invalid digest \"{quoted}\": {rule}";
    }

    private static string Quote(string part) =>
        part.Length > MaxQuotedLength ? string.Concat(part.AsSpan(0, MaxQuotedLength), "...") : part;
}
