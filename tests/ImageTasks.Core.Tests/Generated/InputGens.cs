using CsCheck;

namespace ImageTasks.Core.Tests.Generated;

/// <summary>
/// Generators shared by the generated-input tests: near-valid text built from each grammar's pieces (so cases reach deep
/// into a parser) mixed with random text and hostile fragments (control characters, huge numbers, lone surrogates).
/// </summary>
internal static class InputGens
{
    public static readonly Gen<string> Hostile = Gen.OneOf<string>(
        "", " ", "\n", "\r\n", "\t", "\0", "\uD800", "\uFFFF", "é", "💥", "..", "/", "//", ":", "::", "@", "@@", "%", "\\", "*", "[", "]",
        "-", "_", "__", ".", "a", "A", "0", "99999", "65536", "-1", "2147483648", "9223372036854775808", "1e400", "null",
        "sha256:", "sha512:", "sha256:../../etc", new string('a', 300), new string('9', 40));

    public static readonly Gen<string> RandomText = Gen.String[Gen.Char, 0, 40];

    public static readonly Gen<string> AsciiText = Gen.String[Gen.Char[' ', '~'], 0, 40];

    public static readonly Gen<string> Hex64 = Gen.String[Gen.Char["0123456789abcdef"], 64, 64];

    /// <summary>Digests: valid, wrong length, wrong case, unknown algorithm, hostile.</summary>
    public static readonly Gen<string> Digest = Gen.Frequency(
        (4, Hex64.Select(h => "sha256:" + h)),
        (1, Gen.String[Gen.Char["0123456789abcdefABCDEF"], 0, 130].Select(h => "sha256:" + h)),
        (1, Gen.String[Gen.Char["0123456789abcdef"], 128, 128].Select(h => "sha512:" + h)),
        (1, Gen.Select(Gen.OneOf<string>("md5", "SHA256", "sha256+b64", "sha384", "", "x"), Hex64, (a, h) => a + ":" + h)),
        (1, Hostile),
        (1, AsciiText));

    /// <summary>Pieces glued together: the way near-valid inputs come out of a grammar.</summary>
    public static Gen<string> Joined(Gen<string> piece, Gen<string> separator, int maxPieces) =>
        Gen.Select(piece.Array[1, maxPieces], separator.Array[maxPieces, maxPieces], (pieces, seps) =>
            string.Concat(pieces.Select((p, i) => i == 0 ? p : seps[i] + p)));

    /// <summary>Mostly the grammar's own inputs, then random ones: <paramref name="grammar"/> 3 in 5.</summary>
    public static Gen<string> Mixed(Gen<string> grammar) =>
        Gen.Frequency((6, grammar), (1, RandomText), (1, AsciiText), (1, Hostile), (1, Gen.Select(grammar, Hostile, grammar, (a, b, c) => a + b + c)));
}
