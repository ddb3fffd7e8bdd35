using System.Text;
using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// <c>dotnet image login</c>/<c>logout</c> against the real registry with Basic auth: what they print, what they write to
/// Docker's config.json (and leave alone), and that a pull works exactly while logged in. The password never shows.
/// </summary>
public sealed class LoginCommandTests : IClassFixture<AuthRegistryFixture>, IClassFixture<CredentialHelperScript>
{
    private const string Username = AuthRegistryFixture.Username;
    private const string Password = AuthRegistryFixture.Password;

    private static readonly string UnencryptedWarning =
        """
        WARNING! Your password will be stored unencrypted in {0}.
        Configure a credential helper to remove this warning. See
        https://docs.docker.com/engine/reference/commandline/login/#credentials-store


        """.ReplaceLineEndings();

    private readonly AuthRegistryFixture _fixture;
    private readonly CredentialHelperScript _helper;

    public LoginCommandTests(AuthRegistryFixture fixture, CredentialHelperScript helper)
    {
        _fixture = fixture;
        _helper = helper;
    }

    private string Host => _fixture.Registry.Host;

    [Fact]
    public async Task Login_stores_the_auth_beside_every_other_key_pull_works_and_logout_removes_it()
    {
        using var cli = NewCli(out var configPath);
        File.WriteAllText(configPath, """{"detachKeys":"ctrl-x,x","auths":{"other.example:5000":{"auth":"b3RoZXI6c2VjcmV0"}},"plugins":{"x":{"k":[1,2]}}}""");
        Assert.Equal(1, (await cli.RunAsync("pull", "-q", _fixture.Image)).ExitCode);

        var login = await cli.RunWithInputAsync(Password + "\n", "login", "-u", Username, "--password-stdin", Host);

        Assert.Equal((0, Lines("Login Succeeded"), string.Format(null, UnencryptedWarning, configPath)), login);
        var config = ReadConfig(configPath);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")), (string?)config["auths"]![Host]!["auth"]);
        AssertUnrelatedKeysKept(config);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configPath)); // it holds a password
        }

        Assert.Equal(["config.json"], Directory.GetFiles(cli.DockerConfig).Select(Path.GetFileName)); // no temp file left

        var pull = await cli.RunAsync("pull", "-q", _fixture.Image);
        Assert.Equal((0, Lines(_fixture.Image), ""), pull);

        var logout = await cli.RunAsync("logout", Host);

        Assert.Equal((0, Lines($"Removing login credentials for {Host}"), ""), logout);
        config = ReadConfig(configPath);
        Assert.Null(config["auths"]![Host]);
        AssertUnrelatedKeysKept(config);
        Assert.Equal((0, Lines($"Not logged in to {Host}"), ""), await cli.RunAsync("logout", Host));
        Assert.Equal(1, (await cli.RunAsync("pull", "-q", _fixture.Image)).ExitCode);
    }

    [Fact]
    public async Task A_wrong_password_is_one_line_exit_code_1_and_nothing_is_written()
    {
        using var cli = NewCli(out var configPath);
        var absent = await cli.RunWithInputAsync("not-the-password\n", "login", "-u", Username, "--password-stdin", Host);

        Assert.Equal((1, "", Lines($"Error: login attempt to http://{Host}/v2/ failed with status: 401 Unauthorized")), absent);
        Assert.False(File.Exists(configPath));

        const string Existing = """{"auths":{},"psFormat":"table {{.ID}}"}""";
        File.WriteAllText(configPath, Existing);
        var present = await cli.RunAsync("login", "-u", Username, "-p", "not-the-password", Host);

        Assert.Equal(1, present.ExitCode);
        Assert.Equal(Existing, File.ReadAllText(configPath));
    }

    [Fact]
    public async Task Password_on_the_command_line_warns_and_never_appears_even_in_debug_output()
    {
        using var cli = NewCli(out _);
        var (exit, output, error) = await cli.RunAsync("login", "--debug", "-u", Username, "-p", Password, Host);

        Assert.True(exit == 0, error);
        Assert.Equal((0, Lines("Login Succeeded")), (exit, output));
        Assert.StartsWith(Lines("WARNING! Using --password via the CLI is insecure. Use --password-stdin."), error, StringComparison.Ordinal);
        Assert.Contains($"--> GET http://{Host}/v2/ Authorization: Basic [redacted]", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")), output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_the_stored_ones_are_proven_and_none_is_an_error()
    {
        using var cli = NewCli(out _);
        Assert.Equal(
            (1, "", Lines("Error: Cannot perform an interactive login from a non TTY device")),
            await cli.RunAsync("login", Host));
        Assert.Equal(0, (await cli.RunWithInputAsync(Password, "login", "-u", Username, "--password-stdin", Host)).ExitCode);

        var again = await cli.RunAsync("login", Host);

        Assert.Equal((0, Lines("Authenticating with existing credentials...", "Login Succeeded"), ""), again);
    }

    [Theory]
    [InlineData(new[] { "login", "--password-stdin", "HOST" }, "Error: Must provide --username with --password-stdin")]
    [InlineData(new[] { "login", "-u", "x", "-p", "y", "--password-stdin", "HOST" }, "WARNING! Using --password via the CLI is insecure. Use --password-stdin.|Error: --password and --password-stdin are mutually exclusive")]
    [InlineData(new[] { "login", "-u", "x", "HOST" }, "Error: Cannot perform an interactive login from a non TTY device")]
    [InlineData(new[] { "login", "--bogus", "HOST" }, "Error: unknown flag: --bogus. See 'dotnet image login --help'.")]
    [InlineData(new[] { "logout", "a", "b" }, "Error: Unrecognized command or argument 'b'. See 'dotnet image logout --help'.")]
    public async Task Contradictory_or_missing_input_is_refused_before_any_request(string[] args, string expected)
    {
        using var cli = NewCli(out var configPath);
        var result = await cli.RunAsync([.. args.Select(a => a.Replace("HOST", Host, StringComparison.Ordinal))]);

        Assert.Equal((1, "", Lines(expected.Split('|'))), result);
        Assert.False(File.Exists(configPath));
    }

    [Fact]
    public async Task With_a_credential_helper_the_secret_goes_to_the_helper_and_config_json_only_names_the_registry()
    {
        using var cli = NewCli(out var configPath);
        File.WriteAllText(configPath, $$"""{"credsStore":"{{CredentialHelperScript.Name}}","currentContext":"desktop"}""");

        var login = await cli.RunWithInputAsync(Password + "\n", "login", "-u", Username, "--password-stdin", Host);

        Assert.Equal((0, Lines("Login Succeeded"), ""), login); // no warning: nothing is stored unencrypted
        var config = ReadConfig(configPath);
        Assert.Equal("{}", config["auths"]![Host]!.ToJsonString());
        Assert.Equal("desktop", (string?)config["currentContext"]);
        Assert.DoesNotContain(Password, File.ReadAllText(configPath), StringComparison.Ordinal);
        Assert.Equal($$"""{"ServerURL":"{{Host}}","Username":"{{Username}}","Secret":"{{Password}}"}""", Assert.Single(_helper.StoredSecrets()));
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", _fixture.Image)).ExitCode);

        var logout = await cli.RunAsync("logout", Host);

        Assert.Equal((0, Lines($"Removing login credentials for {Host}"), ""), logout);
        Assert.Empty(_helper.StoredSecrets());
        Assert.Null(ReadConfig(configPath)["auths"]![Host]);
    }

    [Fact]
    public async Task Docker_hub_is_the_default_and_is_filed_under_its_legacy_key()
    {
        using var cli = NewCli(out var configPath);
        File.WriteAllText(configPath, """{"auths":{"https://index.docker.io/v1/":{"auth":"dTpw"},"http://127.0.0.1:1":{"auth":"dTpw"}}}""");

        Assert.Equal((0, Lines("Removing login credentials for https://index.docker.io/v1/"), ""), await cli.RunAsync("logout"));
        Assert.Equal((0, Lines("Not logged in to https://index.docker.io/v1/"), ""), await cli.RunAsync("logout", "docker.io"));
        // A key written as a URL belongs to its host, as Docker reads it.
        Assert.Equal((0, Lines("Removing login credentials for 127.0.0.1:1"), ""), await cli.RunAsync("logout", "127.0.0.1:1"));
        Assert.Equal("{}", ReadConfig(configPath)["auths"]!.ToJsonString());
    }

    private static CliRunner NewCli(out string configPath)
    {
        var cli = new CliRunner();
        cli.DockerConfig = Path.Combine(cli.Store, "docker");
        configPath = Path.Combine(cli.DockerConfig, "config.json");
        Directory.CreateDirectory(cli.DockerConfig);
        return cli;
    }

    private static JsonNode ReadConfig(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    private static void AssertUnrelatedKeysKept(JsonNode config)
    {
        Assert.Equal("ctrl-x,x", (string?)config["detachKeys"]);
        Assert.Equal("b3RoZXI6c2VjcmV0", (string?)config["auths"]!["other.example:5000"]!["auth"]);
        Assert.Equal("[1,2]", config["plugins"]!["x"]!["k"]!.ToJsonString());
    }

    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + Environment.NewLine));
}
