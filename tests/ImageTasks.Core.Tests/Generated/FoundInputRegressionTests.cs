using System.Text;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Generated;

/// <summary>
/// Inputs the generated-input tests found breaking a rule, kept as plain cases so each fix stays fixed whatever the seed.
/// </summary>
public sealed class FoundInputRegressionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("imagetasks-found-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The call is refused with a coded failure whose message keeps the rules; returns it.</summary>
    private static ImageTasksException AssertRefusedOnOneLine(Action call)
    {
        var error = Assert.ThrowsAny<ImageTasksException>(call);
        Assert.Null(GeneratedCases.MessageProblem(error.Message));
        return error;
    }

    [Theory]
    // The lowercase message echoed the name, line break and all: the error spanned two lines.
    [InlineData("foo-bar/foo_bar@j(]D59! D{6O*HjLuUVZ#k\r\nlocalhost:99999/_z9")]
    [InlineData("index.docker.io:/foo.bar/UPPER\r\n0_z9/x_:UP")]
    [InlineData("Upper\nname/x")]
    public void A_reference_with_a_line_break_is_refused_on_one_line(string input)
    {
        var error = Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse(input));
        Assert.Equal("invalid reference format", error.Message);
    }

    [Theory]
    // System.Text.Json's "could not be converted to System.Collections.Generic.List`1[...Descriptor]" reached the user.
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","manifests":false}""", "a value at $.manifests has the wrong type")]
    [InlineData("""{"schemaVersion":2,"config":{"urls":1.5},"layers":[]}""", "a value at $.config.urls has the wrong type")]
    // An index whose entries are null passed, and whoever walked it met a NullReferenceException.
    [InlineData("""{"schemaVersion":2,"manifests":[null]}""", "is an index with an entry that has no digest")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[{"size":1}]}""", "is an index with an entry that has no digest")]
    // A media type with a line break was echoed on two lines.
    [InlineData("""{"schemaVersion":2,"mediaType":"\r\n"}""", "has unsupported media type")]
    public void A_manifest_the_generators_broke_is_refused_with_one_coded_line(string json, string expected)
    {
        var error = AssertRefusedOnOneLine(() => ManifestDocument.Parse(Encoding.UTF8.GetBytes(json), null, "example.com/app:1"));
        Assert.IsType<ManifestException>(error);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version":1,"images":true}""", "a value at $.images has the wrong type")]
    [InlineData("""{"version":1,"images":{"alpine":{"digest":"sha256:1b14dde4112220b8abb4aaf4ddb038ff83d9bdd8f65439d8414408caa549e1c5","platforms":-1e400}}}""", "has the wrong type")]
    [InlineData("""{"version":1,"images":{"\n":{"digest":0}}}""", "has the wrong type")]
    public void A_lock_file_the_generators_broke_is_refused_with_one_coded_line(string json, string expected)
    {
        var path = Path.Combine(_folder, ImageLockFile.DefaultName);
        File.WriteAllText(path, json);
        var error = AssertRefusedOnOneLine(() => ImageLockFile.Read(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Convert.FromBase64String's FormatException reached the user; the message must not quote the secret either.
    [InlineData("""{"auths":{"localhost:5000":{"auth":"_secret_"}}}""")]
    [InlineData("""{"auths":{"localhost:5000":{"auth":"g7n["}}}""")]
    public async Task A_config_with_a_non_base64_auth_is_refused_without_quoting_it(string json)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "config.json"), json);
        var error = await Assert.ThrowsAsync<RegistryException>(() => new DockerConfigCredentials(_folder).GetAsync("localhost:5000", CancellationToken.None));
        Assert.Null(GeneratedCases.MessageProblem(error.Message));
        Assert.Contains("is not base64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_auths_entry_holds_no_login_and_the_next_one_is_used()
    {
        // Found as {"auths":{"localhost:5000/x":null,...}}: a NullReferenceException.
        await File.WriteAllTextAsync(Path.Combine(_folder, "config.json"), """{"auths":{"localhost:5000/x":null,"localhost:5000":{"auth":"dXNlcjpwYXNz"}}}""");
        var credential = await new DockerConfigCredentials(_folder).GetAsync("localhost:5000", CancellationToken.None);
        Assert.Equal(new RegistryCredential("user", "pass"), credential);
    }

    [Theory]
    // JsonObject threw ArgumentException ("An item with the same key has already been added") on duplicate keys.
    [InlineData("""{"auths":{},"auths":null}""", "is not valid JSON")]
    [InlineData("""{"credsStore":null,"credsStore":null}""", "is not valid JSON")]
    // An unpaired surrogate failed halfway through the rewrite with InvalidOperationException.
    [InlineData("""{"auths":{},"proxies":"\ud800"}""", "is not valid Unicode")]
    public async Task A_config_login_cannot_rewrite_is_refused_with_one_coded_line_and_left_as_it_was(string json, string expected)
    {
        var path = Path.Combine(_folder, "config.json");
        await File.WriteAllTextAsync(path, json);
        var error = await Assert.ThrowsAsync<RegistryException>(() => new DockerLoginStore(_folder).StoreAsync("localhost:5000", new RegistryCredential("user", "pass"), CancellationToken.None));
        Assert.Null(GeneratedCases.MessageProblem(error.Message));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(json, await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFiles(_folder));
    }
}
