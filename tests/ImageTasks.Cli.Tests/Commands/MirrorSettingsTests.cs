using ImageTasks.Core.Diagnostics;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// Mirrors as a user sets them for the CLI: IMAGETASKS_REGISTRY_MIRRORS, IMAGETASKS_MIRROR_TAG_CHECK and Docker's
/// daemon.json (IMAGETASKS_DOCKER_DAEMON_JSON points at a test's own). A bad setting is one line; --debug says which
/// mirror was passed over and why.
/// </summary>
public sealed class MirrorSettingsTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public MirrorSettingsTests(StandardRegistryFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("IMAGETASKS_REGISTRY_MIRRORS", "mirror.example:5000", "IMAGETASKS_REGISTRY_MIRRORS: invalid mirror: no scheme specified for \"mirror.example:5000\": must use either 'https://' or 'http://'")]
    [InlineData("IMAGETASKS_REGISTRY_MIRRORS", "https://fleet:pa55@mirror.example", "IMAGETASKS_REGISTRY_MIRRORS: invalid mirror: username/password not allowed in the URI of mirror.example: use docker login for the mirror's host instead")]
    [InlineData("IMAGETASKS_MIRROR_TAG_CHECK", "sometimes", "IMAGETASKS_MIRROR_TAG_CHECK: must be 'origin' or 'mirror', not 'sometimes'")]
    [InlineData("IMAGETASKS_DOCKER_DAEMON_JSON", "{DAEMON_JSON}", "Docker's daemon configuration {DAEMON_JSON} cannot be used for its registry-mirrors: not valid JSON (line 1)")]
    public async Task A_bad_mirror_setting_is_one_coded_line_and_nothing_is_pulled(string variable, string value, string expected)
    {
        using var folder = new TempFolder();
        var daemonJson = Path.Combine(folder.Path, "daemon.json");
        await File.WriteAllTextAsync(daemonJson, """{"registry-mirrors": [""");
        using var cli = new CliRunner(new Dictionary<string, string> { [variable] = value.Replace("{DAEMON_JSON}", daemonJson, StringComparison.Ordinal) });

        var plain = await cli.RunAsync("pull", $"{_fixture.Seed.Host}/library/small:1.0");
        var debug = await cli.RunAsync("--debug", "pull", $"{_fixture.Seed.Host}/library/small:1.0");

        Assert.Equal((1, $"Error: {expected.Replace("{DAEMON_JSON}", daemonJson, StringComparison.Ordinal)}{Environment.NewLine}"), (plain.ExitCode, plain.Error));
        Assert.DoesNotContain("pa55", plain.Error + debug.Error, StringComparison.Ordinal);
        Assert.Equal($"DEBU {DiagnosticCodes.MirrorSettingInvalid.Id}: {DiagnosticCodes.MirrorSettingInvalid.Meaning}", debug.Error.Split(Environment.NewLine)[1]);
        var blobs = Path.Combine(cli.Store, "blobs");
        Assert.False(Directory.Exists(blobs) && Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Any(), "nothing was stored");
    }

    [Fact]
    public async Task The_variable_sends_pulls_through_the_mirror_and_debug_names_a_mirror_that_was_passed_over()
    {
        var origin = _fixture.Registry;
        await using var mirror = await RegistryProcess.StartAsync(new RegistryProcessOptions { ProxyRemoteUrl = origin.BaseUri });
        var reference = $"{_fixture.Seed.Host}/library/small:1.0";
        var layer = Assert.Single(_fixture.Seed.Small.Image.Layers).Digest;
        using (var cli = new CliRunner(new Dictionary<string, string> { ["IMAGETASKS_REGISTRY_MIRRORS"] = $"{origin.Host}=http://{mirror.Host}" }))
        {
            var (exit, _, error) = await cli.RunAsync("pull", "-q", reference);

            Assert.Equal((0, ""), (exit, error));
            Assert.Equal(1, await mirror.CountRequestsAsync("GET", "/blobs/" + layer));
        }

        await mirror.StopAsync();
        using (var cli = new CliRunner(new Dictionary<string, string> { ["IMAGETASKS_REGISTRY_MIRRORS"] = $"{origin.Host}=http://{mirror.Host}" }))
        {
            var (exit, output, error) = await cli.RunAsync("--debug", "pull", "-q", reference);

            Assert.Equal(0, exit);
            Assert.Equal(reference + Environment.NewLine, output);
            Assert.Contains($"DEBU mirror http://{mirror.Host} passed over for the rest of this command: ", error, StringComparison.Ordinal);
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("imagetasks-mirror-cli-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
