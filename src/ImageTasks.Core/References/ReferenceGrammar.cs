using System.Buffers;

namespace ImageTasks.Core.References;

/// <summary>
/// Docker's image-reference grammar (github.com/distribution/reference), written as a scanner.
/// </summary>
/// <remarks>
/// <code>
/// reference        := name [ ":" tag ] [ "@" digest ]
/// name             := [ domain "/" ] path
/// domain           := host [ ":" port ]            ; port  := [0-9]+
/// host             := domain-name | "[" [a-fA-F0-9:]+ "]"
/// domain-name      := domain-component ( "." domain-component )*
/// domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
/// path             := path-component ( "/" path-component )*   ; at most 255 characters
/// path-component   := [a-z0-9]+ ( separator [a-z0-9]+ )*
/// separator        := "." | "_" | "__" | "-"+
/// tag              := [\w][\w.-]{0,127}
/// digest           := [A-Za-z][A-Za-z0-9]* ( [-_+.] [A-Za-z][A-Za-z0-9]* )* ":" [0-9a-fA-F]{32,}
/// </code>
/// A scanner rather than a regular expression: every production is unambiguous once the string is cut at
/// the first '@' (digest) and at a last ':' that follows the last '/' (tag), so one left-to-right pass
/// decides it. That keeps a parse in the sub-microsecond range with no regex engine, and trim/AOT clean.
/// The digest production above is only the shape; the digest must then also satisfy <see cref="Digest"/>.
/// Messages are Docker's (and go-digest's) exact wording.
/// </remarks>
internal static class ReferenceGrammar
{
    internal const int MaxPathLength = 255;
    internal const int MaxTagLength = 128;
    internal const string DefaultDomain = "docker.io";
    internal const string LegacyDefaultDomain = "index.docker.io";
    internal const string OfficialRepoPrefix = "library/";
    internal const string Localhost = "localhost";
    internal const string DefaultTag = "latest";

    // distribution/reference's errors, verbatim.
    internal const string InvalidReferenceFormat = "invalid reference format";
    internal const string InvalidTagFormat = "invalid tag format";
    internal const string InvalidDigestFormat = "invalid digest format";
    internal const string NameContainsUppercase = "repository name must be lowercase";
    internal const string NameEmpty = "repository name must have at least one component";
    internal const string NameTooLong = "repository name must not be more than 255 characters";

    // go-digest's errors, verbatim: Docker passes them through when a reference's digest is wrong.
    internal const string ChecksumInvalidFormat = "invalid checksum digest format";
    internal const string ChecksumInvalidLength = "invalid checksum digest length";
    internal const string DigestUnsupported = "unsupported digest algorithm";

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");
    private static readonly SearchValues<char> Ipv6Characters = SearchValues.Create("0123456789abcdefABCDEF:");

    /// <summary>
    /// Docker's ParseNormalizedNamed: a familiar name such as "ubuntu" becomes docker.io/library/ubuntu.
    /// Returns null on success, otherwise Docker's error message.
    /// </summary>
    internal static string? ParseNormalized(string text, out ReferenceParts parts)
    {
        parts = default;

        // A bare image ID would otherwise read as a (valid) repository name and silently mean
        // docker.io/library/<id>; Docker refuses it so that "docker run <id>" cannot hit the network.
        if (IsIdentifier(text))
        {
            return $"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings";
        }

        string normalized = NormalizeDomain(text);

        // Checked before the grammar so the message names the offending repository rather than just
        // saying "invalid reference format". Like Docker, the name is cut at the first ':' only.
        ReadOnlySpan<char> remainder = normalized.AsSpan(normalized.IndexOf('/') + 1);
        int tagSeparator = remainder.IndexOf(':');
        ReadOnlySpan<char> remoteName = tagSeparator >= 0 ? remainder[..tagSeparator] : remainder;
        // A name with a line break or other control character is not echoed: the error must stay one line.
        if (HasUppercase(remoteName) && !HasControl(remoteName))
        {
            return $"invalid reference format: repository name ({remoteName}) must be lowercase";
        }

        return Parse(normalized, out parts);
    }

    /// <summary>
    /// Docker's Parse: the grammar alone, no normalisation ("ubuntu" stays "ubuntu", with no domain).
    /// Returns null on success, otherwise Docker's error message.
    /// </summary>
    internal static string? Parse(string text, out ReferenceParts parts)
    {
        parts = default;
        if (text.Length == 0)
        {
            return NameEmpty;
        }

        if (!TryMatch(text, out int domainLength, out int nameLength, out int tagStart, out int digestStart))
        {
            // Telling "Ubuntu" apart from "ubu$ntu" is worth a second scan on the failure path only.
            string lower = text.ToLowerInvariant();
            return !string.Equals(lower, text, StringComparison.Ordinal) && TryMatch(lower, out _, out _, out _, out _)
                ? NameContainsUppercase
                : InvalidReferenceFormat;
        }

        int pathStart = domainLength == 0 ? 0 : domainLength + 1;
        if (nameLength - pathStart > MaxPathLength)
        {
            return NameTooLong;
        }

        Digest? digest = null;
        if (digestStart >= 0)
        {
            string? digestError = CheckReferenceDigest(text.AsSpan(digestStart), out Digest parsed);
            if (digestError is not null)
            {
                return digestError;
            }

            digest = parsed;
        }

        parts = new ReferenceParts(
            text[..domainLength],
            text[pathStart..nameLength],
            tagStart >= 0 ? text[tagStart..(digestStart >= 0 ? digestStart - 1 : text.Length)] : null,
            digest);
        return null;
    }

    private static bool HasControl(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Docker's splitDockerDomain, returned as "domain/remainder" ready for <see cref="Parse"/>.</summary>
    /// <remarks>
    /// The first component is a registry only if it is "localhost", or contains '.' or ':', or contains an
    /// uppercase letter (Docker Hub namespaces are lowercase, so "Foo/bar" must mean a host called Foo).
    /// Docker Hub names with a single component get the "library/" namespace of official images.
    /// </remarks>
    internal static string NormalizeDomain(string name)
    {
        int slash = name.IndexOf('/');
        if (slash < 0)
        {
            return string.Concat(DefaultDomain, "/", OfficialRepoPrefix, name);
        }

        ReadOnlySpan<char> first = name.AsSpan(0, slash);
        ReadOnlySpan<char> remainder = name.AsSpan(slash + 1);
        bool isDockerHub;
        if (first.SequenceEqual(Localhost))
        {
            return name;
        }
        else if (first.SequenceEqual(LegacyDefaultDomain))
        {
            isDockerHub = true;
        }
        else if (first.ContainsAny('.', ':') || HasUppercase(first))
        {
            isDockerHub = first.SequenceEqual(DefaultDomain);
        }
        else
        {
            // Not a registry: the whole name is a Docker Hub path such as "nigelpoulton/tu-demo".
            return string.Concat(DefaultDomain, "/", name);
        }

        if (!isDockerHub)
        {
            return name;
        }

        return remainder.Contains('/')
            ? string.Concat(DefaultDomain, "/", remainder)
            : string.Concat(DefaultDomain, "/", OfficialRepoPrefix, remainder);
    }

    /// <summary>[\w][\w.-]{0,127}, where \w is ASCII letters, digits and '_'.</summary>
    internal static bool IsTag(ReadOnlySpan<char> tag)
    {
        if (tag.IsEmpty || tag.Length > MaxTagLength || !IsWordCharacter(tag[0]))
        {
            return false;
        }

        foreach (char c in tag[1..])
        {
            if (!IsWordCharacter(c) && c != '.' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One or more path components separated by '/' (Docker's "remote name").</summary>
    internal static bool IsPath(ReadOnlySpan<char> path)
    {
        while (true)
        {
            int slash = path.IndexOf('/');
            if (slash < 0)
            {
                return IsPathComponent(path);
            }

            if (!IsPathComponent(path[..slash]))
            {
                return false;
            }

            path = path[(slash + 1)..];
        }
    }

    /// <summary>host [":" port], host being a domain name, IPv4 address, or bracketed IPv6 address.</summary>
    internal static bool IsDomain(ReadOnlySpan<char> domain)
    {
        int i;
        if (!domain.IsEmpty && domain[0] == '[')
        {
            // Compressed or full IPv6 only: zone ids ("%eth0") and embedded IPv4 are excluded, as in Docker.
            int close = domain.IndexOf(']');
            if (close < 2 || domain[1..close].ContainsAnyExcept(Ipv6Characters))
            {
                return false;
            }

            i = close + 1;
        }
        else
        {
            i = 0;
            while (true)
            {
                int start = i;
                while (i < domain.Length && (char.IsAsciiLetterOrDigit(domain[i]) || domain[i] == '-'))
                {
                    i++;
                }

                if (i == start || domain[start] == '-' || domain[i - 1] == '-')
                {
                    return false;
                }

                if (i < domain.Length && domain[i] == '.')
                {
                    i++;
                    continue;
                }

                break;
            }
        }

        if (i == domain.Length)
        {
            return true;
        }

        return domain[i] == ':' && i + 1 < domain.Length && !domain[(i + 1)..].ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>A bare 64-character lowercase hex image ID.</summary>
    internal static bool IsIdentifier(ReadOnlySpan<char> text) =>
        text.Length == 64 && !text.ContainsAnyExcept(LowerHexDigits);

    private static bool TryMatch(ReadOnlySpan<char> text, out int domainLength, out int nameLength, out int tagStart, out int digestStart)
    {
        domainLength = 0;
        nameLength = 0;
        tagStart = -1;
        digestStart = -1;

        // Neither name nor tag may contain '@', so the first one starts the digest.
        int end = text.Length;
        int at = text.IndexOf('@');
        if (at >= 0)
        {
            if (!IsDigestShape(text[(at + 1)..]))
            {
                return false;
            }

            digestStart = at + 1;
            end = at;
        }

        // A name holds ':' only in its domain, which a '/' always follows; a tag holds neither.
        // So a tag can only start after the last ':', and only if no '/' comes after it.
        ReadOnlySpan<char> nameAndTag = text[..end];
        int colon = nameAndTag.LastIndexOf(':');
        if (colon >= 0 && colon > nameAndTag.LastIndexOf('/'))
        {
            if (!IsTag(nameAndTag[(colon + 1)..]))
            {
                return false;
            }

            tagStart = colon + 1;
            end = colon;
        }

        // The first component is the domain whenever it can be one; otherwise all of it is path.
        ReadOnlySpan<char> name = text[..end];
        int slash = name.IndexOf('/');
        if (slash > 0 && IsDomain(name[..slash]) && IsPath(name[(slash + 1)..]))
        {
            domainLength = slash;
        }
        else if (!IsPath(name))
        {
            return false;
        }

        nameLength = end;
        return true;
    }

    /// <summary>[a-z0-9]+ ( ("." | "_" | "__" | "-"+) [a-z0-9]+ )*</summary>
    private static bool IsPathComponent(ReadOnlySpan<char> component)
    {
        int i = 0;
        while (true)
        {
            int start = i;
            while (i < component.Length && IsLowerAlphanumeric(component[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false; // empty component, or a separator at the start, end or next to another
            }

            if (i == component.Length)
            {
                return true;
            }

            switch (component[i])
            {
                case '.':
                    i++;
                    break;
                case '_':
                    i += i + 1 < component.Length && component[i + 1] == '_' ? 2 : 1;
                    break;
                case '-':
                    while (i < component.Length && component[i] == '-')
                    {
                        i++;
                    }

                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>The digest production of the reference grammar (shape only; see <see cref="CheckReferenceDigest"/>).</summary>
    private static bool IsDigestShape(ReadOnlySpan<char> digest)
    {
        int colon = digest.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> hex = digest[(colon + 1)..];
        if (hex.Length < 32 || hex.ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        bool expectLetter = true;
        foreach (char c in digest[..colon])
        {
            if (expectLetter)
            {
                if (!char.IsAsciiLetter(c))
                {
                    return false;
                }

                expectLetter = false;
            }
            else if (c is '-' or '_' or '+' or '.')
            {
                expectLetter = true;
            }
            else if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return !expectLetter;
    }

    /// <summary>Applies <see cref="Digest"/>'s rules, worded as go-digest words them inside a reference.</summary>
    private static string? CheckReferenceDigest(ReadOnlySpan<char> text, out Digest digest) =>
        Digest.TryCreate(text, out digest) switch
        {
            DigestViolation.None => null,
            DigestViolation.WrongLength => ChecksumInvalidLength,

            // go-digest calls an algorithm unsupported only if it is otherwise well formed, i.e. lowercase.
            DigestViolation.UnsupportedAlgorithm when !HasUppercase(text[..text.IndexOf(':')]) => DigestUnsupported,
            _ => ChecksumInvalidFormat,
        };

    private static bool HasUppercase(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (char.ToLowerInvariant(c) != c)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
