using System.Text;
using CsCheck;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Registry;
using ImageTasks.Testing;
using Xunit.Abstractions;
using static ImageTasks.Core.Tests.Generated.JsonGens;

namespace ImageTasks.Core.Tests.Generated;

/// <summary>
/// The JSON documents the tool reads from disk or a registry (images.lock.json, Docker's config.json, manifests and
/// indexes), generated with missing, null, wrong-typed, huge and malformed fields: each is read or refused with a coded
/// one-line error, never another exception, never a hang.
/// </summary>
public sealed class GeneratedDocumentTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("imagetasks-generated-").FullName;

    public GeneratedDocumentTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly Gen<string> Reference = Gen.OneOf<string>(
        "docker.io/library/alpine:3.19", "mcr.microsoft.com/dotnet/runtime:10.0", "localhost:5000/app:1", "alpine", "UPPER:1", "a:b:c", "",
        "localhost:99999/x:1", "x@sha256:abc");

    private static readonly Gen<string> MediaType = Gen.OneOf<string>(
        MediaTypes.OciIndex, MediaTypes.OciManifest, MediaTypes.DockerManifestList, MediaTypes.DockerManifest,
        "application/vnd.docker.distribution.manifest.v1+prettyjws", "application/json", "text/plain", "", "x/y");

    private static readonly Gen<string> PlatformText = Gen.OneOf<string>(
        "linux/amd64", "linux/arm64/v8", "linux/arm/v7", "windows/amd64", "", "linux", "/", "linux//", "a/b/c/d/e", "windows(10.0)/amd64");

    private static readonly Gen<string> Timestamp = Gen.OneOf<string>("2024-01-15T12:00:00Z", "2024-01-15T12:00:00+01:00", "yesterday", "", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z");

    private static readonly Gen<string> LockEntry = Object(
        ("digest", StringField(InputGens.Digest)),
        ("mediaType", StringField(MediaType)),
        ("platforms", Gen.Frequency((5, Map(PlatformText, StringField(InputGens.Digest), 3)), (1, AnyValue))),
        ("resolved", StringField(Timestamp)));

    private static readonly Gen<string> LockDocument = Mixed(Object(
        ("version", Gen.Frequency((6, Gen.Const("1")), (1, AnyValue))),
        ("images", Gen.Frequency((6, Map(Gen.Frequency((4, Reference), (1, InputGens.Hostile)), Gen.Frequency((6, LockEntry), (1, AnyValue)), 3)), (1, AnyValue)))));

    [Fact]
    public void Generated_lock_files_are_read_or_refused_with_one_coded_line()
    {
        var path = Path.Combine(_folder, ImageLockFile.DefaultName);
        GeneratedCases.Run(_output, "images.lock.json", LockDocument, json =>
        {
            File.WriteAllText(path, json);
            return Refusal.Check(() => _ = ImageLockFile.Read(path));
        });
    }

    private static readonly Gen<string> Base64Auth = Gen.OneOf(
        Gen.Select(InputGens.AsciiText, InputGens.AsciiText, (u, p) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{u}:{p}"))),
        Gen.OneOf<string>("not base64!", "dXNlcg", "dXNlcjpwYXNz", "====", "@@@@", "dXNlcjpwYXNz\n", "YQ==", Convert.ToBase64String([0xff, 0xfe, 0x3a])),
        InputGens.AsciiText);

    private static readonly Gen<string> ConfigKey = Gen.OneOf<string>(
        "localhost:5000", "https://localhost:5000", "http://localhost:5000/v2/", "https://index.docker.io/v1/", "docker.io", "", "://", "localhost:5000/x");

    private static readonly Gen<string> AuthEntry = Object(
        ("auth", StringField(Base64Auth)),
        ("identitytoken", Gen.Frequency((1, StringField(InputGens.AsciiText)), (3, Gen.Const("null")))),
        ("username", StringField(InputGens.AsciiText)),
        ("password", StringField(InputGens.AsciiText)));

    // Helper names are only ever wrong-typed or empty: a real name would start a process per case.
    private static readonly Gen<string> ConfigDocument = Mixed(Object(
        ("auths", Gen.Frequency((6, Map(ConfigKey, Gen.Frequency((6, AuthEntry), (1, AnyValue)), 3)), (1, AnyValue))),
        ("credsStore", Gen.OneOf<string>("\"\"", "null", "1", "[]", "{}", "true")),
        ("credHelpers", Gen.OneOf<string>("{}", "null", "1", "[]", "{\"localhost:5000\":\"\"}", "{\"localhost:5000\":null}", "{\"localhost:5000\":7}")),
        ("proxies", AnyValue)));

    [Fact]
    public async Task Generated_docker_configs_give_credentials_or_are_refused_with_one_coded_line()
    {
        var path = Path.Combine(_folder, "config.json");
        var credentials = new DockerConfigCredentials(_folder);
        var logins = new DockerLoginStore(_folder);
        await GeneratedCases.RunAsync(_output, "config.json", Gen.Select(ConfigDocument, Gen.Int[0, 2]), async c =>
        {
            await File.WriteAllTextAsync(path, c.Item1);
            return await Refusal.CheckAsync(c.Item2 switch
            {
                0 => () => credentials.GetAsync("localhost:5000", CancellationToken.None),
                1 => () => logins.StoreAsync("localhost:5000", new RegistryCredential("user", "secret"), CancellationToken.None),
                _ => () => logins.EraseAsync("localhost:5000", CancellationToken.None),
            });
        });
    }

    private static readonly Gen<string> Descriptor = Object(
        ("mediaType", StringField(MediaType)),
        ("digest", StringField(InputGens.Digest)),
        ("size", Gen.Frequency((4, Gen.Long[0, 1L << 40].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))), (1, AnyValue))),
        ("platform", Gen.Frequency((3, Object(("os", StringField(Gen.OneOf<string>("linux", "windows", ""))), ("architecture", StringField(Gen.OneOf<string>("amd64", "arm64", "arm", ""))),
            ("variant", StringField(Gen.OneOf<string>("v7", "v8", ""))), ("os.version", StringField(Gen.OneOf<string>("10.0.17763", ""))), ("os.features", Gen.Frequency((2, Array(StringField(InputGens.AsciiText), 2)), (1, AnyValue))))), (1, AnyValue))),
        ("annotations", Gen.Frequency((2, Map(InputGens.AsciiText, StringField(InputGens.AsciiText), 2)), (1, AnyValue))),
        ("urls", Gen.Frequency((1, Array(StringField(InputGens.AsciiText), 2)), (1, AnyValue))));

    private static readonly Gen<string> ManifestJson = Mixed(Object(
        ("schemaVersion", Gen.Frequency((5, Gen.Const("2")), (1, AnyValue))),
        ("mediaType", StringField(MediaType)),
        ("config", Gen.Frequency((5, Descriptor), (1, AnyValue))),
        ("layers", Gen.Frequency((5, Array(Descriptor, 4)), (1, AnyValue))),
        ("manifests", Gen.Frequency((1, Array(Descriptor, 4)), (1, AnyValue), (3, Gen.Const("null")))),
        ("annotations", Gen.Frequency((1, Map(InputGens.AsciiText, StringField(InputGens.AsciiText), 2)), (1, AnyValue)))));

    private static readonly Gen<string?> ContentType = Gen.Frequency((2, Gen.Const((string?)null)), (3, MediaType.Select(m => (string?)m)));

    [Fact]
    public void Generated_manifests_parse_or_are_refused_with_one_coded_line()
    {
        GeneratedCases.Run(_output, "manifests", Gen.Select(ManifestJson, ContentType), c => Refusal.Check(() =>
        {
            var document = ManifestDocument.Parse(Encoding.UTF8.GetBytes(c.Item1), c.Item2, "example.com/app:1");
            // What parsed is safe to use: every descriptor a caller walks has its digest, and platforms read.
            foreach (var entry in document.Index?.Manifests ?? [])
            {
                _ = entry.Digest.ToString();
                _ = entry.Platform?.ToPlatform();
            }

            _ = document.Manifest?.Config.Digest.ToString();
            _ = document.Manifest?.Layers.Sum(l => l.Size);
        }));
    }
}
