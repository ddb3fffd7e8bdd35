using System.Text.Json.Nodes;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Tests.Registry;

/// <summary>How login and logout edit Docker's config.json: only their own entry, atomically, readable by the owner only.</summary>
public sealed class DockerLoginStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Directory.CreateTempSubdirectory("imagetasks-docker-").FullName, "nested", "docker");

    private string ConfigPath => Path.Combine(_folder, "config.json");

    [Theory]
    [InlineData(null, "docker.io", "https://index.docker.io/v1/")]
    [InlineData("", "docker.io", "https://index.docker.io/v1/")]
    [InlineData("docker.io", "docker.io", "https://index.docker.io/v1/")]
    [InlineData("index.docker.io", "docker.io", "https://index.docker.io/v1/")]
    [InlineData("registry-1.docker.io", "docker.io", "https://index.docker.io/v1/")]
    [InlineData("https://index.docker.io/v1/", "docker.io", "https://index.docker.io/v1/")]
    [InlineData("localhost:5000", "localhost:5000", "localhost:5000")]
    [InlineData("http://localhost:5000/", "localhost:5000", "localhost:5000")]
    [InlineData("https://registry.example.com/v2/", "registry.example.com", "registry.example.com")]
    [InlineData("[::1]:5000", "[::1]:5000", "[::1]:5000")]
    public void A_login_argument_names_a_registry_and_its_config_key(string? server, string registry, string key)
    {
        Assert.Equal(registry, DockerConfigCredentials.RegistryOf(server));
        Assert.Equal(key, DockerConfigCredentials.ConfigKey(registry));
    }

    [Fact]
    public async Task A_first_login_creates_the_folder_and_a_file_only_its_owner_can_read()
    {
        var store = new DockerLoginStore(_folder);

        var helper = await store.StoreAsync("localhost:5000", new RegistryCredential("u", "p+/="), CancellationToken.None);

        Assert.Null(helper);
        Assert.Equal("{\n\t\"auths\": {\n\t\t\"localhost:5000\": {\n\t\t\t\"auth\": \"dTpwKy89\"\n\t\t}\n\t}\n}\n", File.ReadAllText(ConfigPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder));
        }

        Assert.Equal(new RegistryCredential("u", "p+/="), await new DockerConfigCredentials(_folder).GetAsync("localhost:5000", CancellationToken.None));
    }

    [Fact]
    public async Task A_login_replaces_other_spellings_of_the_registry_and_keeps_every_unknown_key()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(ConfigPath, """{"auths":{"http://localhost:5000":{"auth":"b2xkOm9sZA=="},"https://localhost:5000/v1/":{"auth":"b2xkOm9sZA=="},"localhost:5001":{"auth":"eDp5"}},"HttpHeaders":{"X-Meta":"1"},"aliases":{"builder":"buildx"}}""");
        var store = new DockerLoginStore(_folder);

        await store.StoreAsync("localhost:5000", new RegistryCredential("new", "secret"), CancellationToken.None);

        var config = JsonNode.Parse(File.ReadAllText(ConfigPath))!;
        Assert.Equal("""{"localhost:5001":{"auth":"eDp5"},"localhost:5000":{"auth":"bmV3OnNlY3JldA=="}}""", config["auths"]!.ToJsonString());
        Assert.Equal("""{"X-Meta":"1"}""", config["HttpHeaders"]!.ToJsonString());
        Assert.Equal("buildx", (string?)config["aliases"]!["builder"]);
        Assert.Equal(["config.json"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Erase_says_whether_there_was_a_login_and_leaves_other_registries()
    {
        Directory.CreateDirectory(_folder);
        const string Untouched = """{"auths":{"localhost:5001":{"auth":"eDp5"}}}""";
        File.WriteAllText(ConfigPath, Untouched);
        var store = new DockerLoginStore(_folder);

        Assert.False(await store.EraseAsync("localhost:5000", CancellationToken.None));
        Assert.Equal(Untouched, File.ReadAllText(ConfigPath)); // nothing removed, nothing rewritten
        Assert.True(await store.EraseAsync("localhost:5001", CancellationToken.None));
        Assert.Equal("{}", JsonNode.Parse(File.ReadAllText(ConfigPath))!["auths"]!.ToJsonString());
        Assert.False(await new DockerLoginStore(Path.Combine(_folder, "absent")).EraseAsync("localhost:5001", CancellationToken.None));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"auths\":")]
    [InlineData("{\"auths\":[]}")]
    public async Task A_config_file_that_is_not_docker_shaped_is_refused_by_name_and_left_as_it_is(string text)
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(ConfigPath, text);

        var store = await Assert.ThrowsAsync<RegistryException>(() => new DockerLoginStore(_folder).StoreAsync("h:1", new RegistryCredential("u", "p"), CancellationToken.None));
        var erase = await Assert.ThrowsAsync<RegistryException>(() => new DockerLoginStore(_folder).EraseAsync("h:1", CancellationToken.None));

        Assert.StartsWith($"cannot read credentials: {ConfigPath} is not valid JSON: ", store.Message, StringComparison.Ordinal);
        Assert.Equal(store.Message, erase.Message);
        Assert.Equal(Core.Diagnostics.DiagnosticCodes.LoginFailed, store.Code); // our credentials file, not the registry's answer
        Assert.Equal(text, File.ReadAllText(ConfigPath));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(_folder)!)!, recursive: true);
}
