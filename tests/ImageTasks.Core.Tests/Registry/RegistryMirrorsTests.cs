using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Tests.Registry;

/// <summary>
/// Mirror settings as users write them: IMAGETASKS_REGISTRY_MIRRORS (and the ImageRegistryMirrors property, same
/// syntax), Docker's daemon.json, IMAGETASKS_MIRROR_TAG_CHECK, and which of them wins.
/// </summary>
public sealed class RegistryMirrorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("imagetasks-mirrors-").FullName;

    [Theory]
    [InlineData("https://mirror.example", "docker.io=https://mirror.example")]
    [InlineData("https://a.example,http://b.example:5000/", "docker.io=https://a.example,http://b.example:5000")]
    [InlineData("ghcr.io=https://m.example/ghcr/", "ghcr.io=https://m.example/ghcr")]
    [InlineData("ghcr.io=https://a.example;https://hub.example", "docker.io=https://hub.example;ghcr.io=https://a.example")]
    [InlineData(" 127.0.0.1:5000 = http://127.0.0.1:5001 , http://127.0.0.1:5002 ; ", "127.0.0.1:5000=http://127.0.0.1:5001,http://127.0.0.1:5002")]
    [InlineData("index.docker.io=https://a.example", "docker.io=https://a.example")]
    [InlineData("registry-1.docker.io=https://a.example", "docker.io=https://a.example")]
    [InlineData("docker.io=https://a.example;docker.io=https://b.example", "docker.io=https://a.example,https://b.example")]
    [InlineData("https://a.example;https://a.example", "docker.io=https://a.example")]
    [InlineData("localhost:5000=https://[::1]:5443", "localhost:5000=https://[::1]:5443")]
    [InlineData("https://a.example:443", "docker.io=https://a.example")]
    [InlineData("quay.io=https://a.example\nghcr.io=https://b.example", "ghcr.io=https://b.example;quay.io=https://a.example")]
    [InlineData(" ; ", "")]
    public void Valid_settings_name_each_registrys_mirrors_in_order(string text, string expected)
    {
        Assert.Equal(expected, Describe(RegistryMirrors.Parse(text, RegistryMirrors.Variable)));
    }

    [Theory]
    [InlineData("mirror.example", "IMAGETASKS_REGISTRY_MIRRORS: invalid mirror: no scheme specified for \"mirror.example\": must use either 'https://' or 'http://'")]
    [InlineData("ghcr.io=mirror.example:5000", "IMAGETASKS_REGISTRY_MIRRORS: invalid mirror: no scheme specified for \"mirror.example:5000\": must use either 'https://' or 'http://'")]
    [InlineData("ftp://mirror.example", "IMAGETASKS_REGISTRY_MIRRORS: invalid mirror: unsupported scheme \"ftp\" in \"ftp://mirror.example\": must use either 'https://' or 'http://'")]
    [InlineData("https://mirror.example/?x=1", "IMAGETASKS_REGISTRY_MIRRORS: invalid mirror: query or fragment at end of the URI \"https://mirror.example/?x=1\"")]
    [InlineData("https://mirror.example/#top", "IMAGETASKS_REGISTRY_MIRRORS: invalid mirror: query or fragment at end of the URI \"https://mirror.example/#top\"")]
    [InlineData("https://", "IMAGETASKS_REGISTRY_MIRRORS: invalid mirror: \"https://\" is not a valid URI")]
    [InlineData("ghcr.io=", "IMAGETASKS_REGISTRY_MIRRORS: no mirror URL for ghcr.io (expected REGISTRY=URL[,URL];REGISTRY2=URL, or URLs alone for docker.io)")]
    [InlineData("ghcr.io= , ", "IMAGETASKS_REGISTRY_MIRRORS: no mirror URL for ghcr.io (expected REGISTRY=URL[,URL];REGISTRY2=URL, or URLs alone for docker.io)")]
    [InlineData("foo=https://m.example", "IMAGETASKS_REGISTRY_MIRRORS: \"foo\" in \"foo=https://m.example\" is not a registry host (expected REGISTRY=URL[,URL];REGISTRY2=URL, or URLs alone for docker.io)")]
    [InlineData("ghcr.io/team=https://m.example", "IMAGETASKS_REGISTRY_MIRRORS: \"ghcr.io/team\" in \"ghcr.io/team=https://m.example\" is not a registry host (expected REGISTRY=URL[,URL];REGISTRY2=URL, or URLs alone for docker.io)")]
    [InlineData("=https://m.example", "IMAGETASKS_REGISTRY_MIRRORS: \"\" in \"=https://m.example\" is not a registry host (expected REGISTRY=URL[,URL];REGISTRY2=URL, or URLs alone for docker.io)")]
    [InlineData("https://m.example/a;ghcr.io=https://m.example/b", "IMAGETASKS_REGISTRY_MIRRORS: mirrors https://m.example/a/ and https://m.example/b/ share the host m.example: one host serves one mirror path")]
    [InlineData("127.0.0.1:5000=http://127.0.0.1:5000/", "IMAGETASKS_REGISTRY_MIRRORS: http://127.0.0.1:5000/ is 127.0.0.1:5000 itself: a mirror is another host that serves the same content")]
    [InlineData("https://registry-1.docker.io", "IMAGETASKS_REGISTRY_MIRRORS: https://registry-1.docker.io/ is docker.io itself: a mirror is another host that serves the same content")]
    public void Invalid_settings_are_one_coded_line_in_dockers_words(string text, string expected)
    {
        var error = Assert.Throws<UsageException>(() => RegistryMirrors.Parse(text, RegistryMirrors.Variable));

        Assert.Equal(expected, error.Message);
        Assert.Equal(DiagnosticCodes.MirrorSettingInvalid, error.Code);
    }

    [Fact]
    public void Credentials_in_a_mirror_url_are_refused_without_repeating_them()
    {
        var error = Assert.Throws<UsageException>(() => RegistryMirrors.Parse("https://user:s3cret@mirror.example", RegistryMirrors.Property));

        Assert.Equal("ImageRegistryMirrors: invalid mirror: username/password not allowed in the URI of mirror.example: use docker login for the mirror's host instead", error.Message);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        Assert.Equal(DiagnosticCodes.MirrorSettingInvalid, error.Code);
    }

    [Theory]
    [InlineData(null, MirrorTagCheck.Origin)]
    [InlineData("", MirrorTagCheck.Origin)]
    [InlineData("origin", MirrorTagCheck.Origin)]
    [InlineData(" Mirror ", MirrorTagCheck.Mirror)]
    [InlineData("MIRROR", MirrorTagCheck.Mirror)]
    public void The_tag_check_is_the_origins_unless_the_mirror_is_named(string? text, MirrorTagCheck expected)
    {
        Assert.Equal(expected, RegistryMirrors.ParseTagCheck(text));
    }

    [Fact]
    public void An_unknown_tag_check_is_refused()
    {
        var error = Assert.Throws<UsageException>(() => RegistryMirrors.ParseTagCheck("both"));

        Assert.Equal("IMAGETASKS_MIRROR_TAG_CHECK: must be 'origin' or 'mirror', not 'both'", error.Message);
        Assert.Equal(DiagnosticCodes.MirrorSettingInvalid, error.Code);
    }

    [Theory]
    [InlineData("""{"registry-mirrors":["https://a.example","http://10.0.0.5:5000/"]}""", "docker.io=https://a.example,http://10.0.0.5:5000")]
    [InlineData("""{"debug":true,"insecure-registries":["x:5000"]}""", "")]
    [InlineData("""{"registry-mirrors":[]}""", "")]
    [InlineData("""{"registry-mirrors":null}""", "")]
    public void Daemon_json_registry_mirrors_mirror_docker_io(string json, string expected)
    {
        var path = Path.Combine(_folder, "daemon.json");
        File.WriteAllText(path, json);

        var mirrors = RegistryMirrors.FromDaemonJson(path);

        Assert.Equal(expected, Describe(mirrors));
        Assert.Equal(expected.Length == 0 ? null : path, mirrors.Source);
    }

    [Theory]
    [InlineData("""{"registry-mirrors":["https://a.example",""", "not valid JSON (line 1)")]
    [InlineData("{\n\"registry-mirrors\":\n[1]}", "\"registry-mirrors\" is not a list of strings")]
    [InlineData("""{"registry-mirrors":"https://a.example"}""", "\"registry-mirrors\" is not a list of strings")]
    [InlineData("""["https://a.example"]""", "its top level is not a JSON object")]
    [InlineData("", "not valid JSON (line 1)")]
    public void A_daemon_json_docker_would_refuse_is_one_line_naming_the_file(string json, string problem)
    {
        var path = Path.Combine(_folder, "daemon.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<UsageException>(() => RegistryMirrors.FromDaemonJson(path));

        Assert.Equal($"Docker's daemon configuration {path} cannot be used for its registry-mirrors: {problem}", error.Message);
        Assert.Equal(DiagnosticCodes.MirrorSettingInvalid, error.Code);
    }

    [Fact]
    public void A_bad_mirror_in_daemon_json_is_named_with_the_file()
    {
        var path = Path.Combine(_folder, "daemon.json");
        File.WriteAllText(path, """{"registry-mirrors":["mirror.example"]}""");

        var error = Assert.Throws<UsageException>(() => RegistryMirrors.FromDaemonJson(path));

        Assert.Equal($"{path}: invalid mirror: no scheme specified for \"mirror.example\": must use either 'https://' or 'http://'", error.Message);
    }

    [Fact]
    public void No_daemon_json_means_no_mirrors()
    {
        Assert.True(RegistryMirrors.FromDaemonJson(Path.Combine(_folder, "absent", "daemon.json")).IsEmpty);
    }

    [Theory]
    [InlineData("ghcr.io=https://property.example", "ghcr.io=https://variable.example", "ghcr.io=https://property.example")]
    [InlineData("", "ghcr.io=https://variable.example", "ghcr.io=https://variable.example")]
    [InlineData(null, "ghcr.io=https://variable.example", "ghcr.io=https://variable.example")]
    [InlineData(" ", " ", "docker.io=https://daemon.example")]
    [InlineData(null, null, "docker.io=https://daemon.example")]
    public void The_property_wins_over_the_variable_which_wins_over_daemon_json(string? property, string? variable, string expected)
    {
        var daemonJson = Path.Combine(_folder, "daemon.json");
        File.WriteAllText(daemonJson, """{"registry-mirrors":["https://daemon.example"]}""");

        var options = RegistryOptions.FromEnvironment(name => name switch
        {
            RegistryMirrors.Variable => variable,
            RegistryMirrors.DaemonJsonVariable => daemonJson,
            RegistryMirrors.TagCheckVariable => "mirror",
            _ => null,
        }, property);

        Assert.Equal(expected, Describe(options.Mirrors));
        Assert.Equal(MirrorTagCheck.Mirror, options.Mirrors.TagCheck);
    }

    [Fact]
    public void A_setting_that_wins_spares_the_reading_of_a_broken_daemon_json()
    {
        var daemonJson = Path.Combine(_folder, "daemon.json");
        File.WriteAllText(daemonJson, "{ broken");

        var options = RegistryOptions.FromEnvironment(name => name switch
        {
            RegistryMirrors.Variable => "https://variable.example",
            RegistryMirrors.DaemonJsonVariable => daemonJson,
            _ => null,
        });

        Assert.Equal("docker.io=https://variable.example", Describe(options.Mirrors));
        Assert.Throws<UsageException>(() => RegistryOptions.FromEnvironment(name => name == RegistryMirrors.DaemonJsonVariable ? daemonJson : null));
    }

    [Theory]
    [InlineData("127.0.0.1:5000=http://mirror.example:8080/cache/", "mirror.example:8080", "http://mirror.example:8080/cache/")]
    [InlineData("127.0.0.1:5000=https://10.1.2.3:5443", "10.1.2.3:5443", "https://10.1.2.3:5443/")]
    [InlineData("127.0.0.1:5000=http://127.0.0.1:6000", "127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("127.0.0.1:5000=https://127.0.0.1:6000", "127.0.0.1:6000", "https://127.0.0.1:6000/")]
    public void A_mirror_host_is_reached_at_its_urls_scheme_and_path(string setting, string domain, string expected)
    {
        var options = new RegistryOptions { Mirrors = RegistryMirrors.Parse(setting, RegistryMirrors.Variable) };

        Assert.Equal(expected, RegistryEndpoint.BaseUri(domain, options).ToString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>"registry=url,url;registry2=url", registries in name order, mirrors in the order they are tried.</summary>
    private static string Describe(RegistryMirrors mirrors) =>
        string.Join(';', mirrors.ByRegistry.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={string.Join(',', r.Value)}"));
}
