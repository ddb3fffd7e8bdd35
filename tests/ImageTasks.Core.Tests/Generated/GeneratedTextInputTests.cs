using CsCheck;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Testing;
using Xunit.Abstractions;

namespace ImageTasks.Core.Tests.Generated;

/// <summary>
/// References and platforms as users type them: thousands of generated, near-valid and random strings, each parsed or
/// refused with a coded one-line error, never another exception, never a hang.
/// </summary>
public sealed class GeneratedTextInputTests
{
    private readonly ITestOutputHelper _output;

    public GeneratedTextInputTests(ITestOutputHelper output) => _output = output;

    private static readonly Gen<string> Host = Gen.OneOf<string>(
        "docker.io", "index.docker.io", "localhost", "127.0.0.1", "[::1]", "[fe80::1%eth0]", "registry.example.com", "my-reg", "REG.IO", "a.b-c.d", "xn--bcher-kva.example");

    private static readonly Gen<string> Port = Gen.OneOf<string>("", ":5000", ":0", ":65535", ":65536", ":99999", ":2147483648", ":-1", ":", ":port", ":00080");

    private static readonly Gen<string> Component = Gen.OneOf(
        Gen.OneOf<string>("library", "ubuntu", "a", "foo_bar", "foo__bar", "foo.bar", "foo-bar", "foo---bar", "UPPER", "x..y", "_x", "x_"),
        Gen.String[Gen.Char["abcz09._-"], 0, 12]);

    private static readonly Gen<string> Tag = Gen.OneOf(
        Gen.OneOf<string>("latest", "1.0", "3.19", "_x", ".x", "-x", new string('t', 128), new string('t', 129), "UP", ""),
        Gen.String[Gen.Char["aZ09_.-:@"], 0, 10]);

    private static readonly Gen<string> ReferenceGrammar = Gen.Select(
        Gen.Frequency((2, Gen.Const("")), (3, Gen.Select(Host, Port, (h, p) => h + p + "/"))),
        InputGens.Joined(Component, Gen.OneOf<string>("/", "/", "//", "/./"), 4),
        Gen.Frequency((2, Gen.Const("")), (3, Tag.Select(t => ":" + t))),
        Gen.Frequency((2, Gen.Const("")), (2, InputGens.Digest.Select(d => "@" + d))),
        (host, path, tag, digest) => host + path + tag + digest);

    [Fact]
    public void Generated_references_parse_or_are_refused_with_one_coded_line()
    {
        GeneratedCases.Run(_output, "references", InputGens.Mixed(ReferenceGrammar), text => Refusal.Check(() =>
        {
            var parsed = ImageReference.Parse(text);
            // What Parse accepts, its printed forms parse back to the same reference.
            if (!ImageReference.Parse(parsed.ToString()).Equals(parsed))
            {
                throw new InvalidDataException($"{parsed} does not round-trip");
            }

            _ = parsed.ToFamiliarString();
        }) ?? TryParseAgrees(text));
    }

    /// <summary>TryParse never throws and agrees with Parse.</summary>
    private static string? TryParseAgrees(string text)
    {
        try
        {
            var ok = ImageReference.TryParse(text, out _, out var error);
            return ok || !string.IsNullOrEmpty(error) ? null : "TryParse failed without an error";
        }
        catch (Exception e)
        {
            return $"TryParse threw {e.GetType().FullName}";
        }
    }

    private static readonly Gen<string> PlatformGrammar = InputGens.Joined(
        Gen.OneOf(
            Gen.OneOf<string>("linux", "windows", "darwin", "Linux", "amd64", "arm64", "arm", "x86_64", "aarch64", "386", "v7", "v8", "v6", "v5", "v9",
                "ppc64le", "s390x", "riscv64", "10.0.17763", "10.0.20348.2227", "windows(10.0.17763)", "windows(10.0.17763+win32k)", "linux(+x)",
                "windows(", ")", "(", "+", "99999999999999999999", "-"),
            Gen.String[Gen.Char["abx09.()+"], 0, 8]),
        Gen.OneOf<string>("/", "/", "/", ",", "//", " "),
        5);

    [Fact]
    public void Generated_platforms_parse_or_are_refused_with_one_coded_line()
    {
        GeneratedCases.Run(_output, "platforms", InputGens.Mixed(PlatformGrammar), text => Refusal.Check(() =>
        {
            var parsed = Platform.Parse(text);
            _ = parsed.ToString();
            _ = parsed.ToFullString();
            _ = Platform.TryParse(text, out _);
            _ = Platform.ParseWithHostDefaults(text);
        }));
    }
}
