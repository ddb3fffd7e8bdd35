namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// Registry mirror settings that cannot be used (IMG2030): IMAGETASKS_REGISTRY_MIRRORS, the ImageRegistryMirrors
/// property, Docker's daemon.json, IMAGETASKS_MIRROR_TAG_CHECK. A mirror URL is judged by Docker's own rules, in
/// Docker's words, after the name of the setting it came from.
/// </summary>
public static class MirrorErrors
{
    private const string Expected = "expected REGISTRY=URL[,URL];REGISTRY2=URL, or URLs alone for docker.io";

    public static UsageException NoScheme(string url, string source) =>
        Invalid(source, $"invalid mirror: no scheme specified for \"{url}\": must use either 'https://' or 'http://'", url);

    public static UsageException NotAUrl(string url, string source) => Invalid(source, $"invalid mirror: \"{url}\" is not a valid URI", url);

    public static UsageException UnsupportedScheme(string scheme, string url, string source) =>
        Invalid(source, $"invalid mirror: unsupported scheme \"{scheme}\" in \"{url}\": must use either 'https://' or 'http://'", url);

    /// <summary>A URL with a user (and perhaps a password): named by its host only, so the secret is never printed.</summary>
    public static UsageException Credentials(Uri url, string source) =>
        Invalid(source, $"invalid mirror: username/password not allowed in the URI of {url.Host}: use docker login for the mirror's host instead", null);

    public static UsageException QueryOrFragment(string url, string source) =>
        Invalid(source, $"invalid mirror: query or fragment at end of the URI \"{url}\"", url);

    public static UsageException NoUrl(string registry, string source) => Invalid(source, $"no mirror URL for {registry} ({Expected})", registry);

    public static UsageException NotARegistry(string key, string entry, string source) =>
        Invalid(source, $"\"{key}\" in \"{entry}\" is not a registry host ({Expected})", key);

    public static UsageException TwoPathsOneHost(string host, Uri first, Uri second, string source) =>
        Invalid(source, $"mirrors {first} and {second} share the host {host}: one host serves one mirror path", host);

    public static UsageException MirrorsItself(string registry, Uri mirror, string source) =>
        Invalid(source, $"{mirror} is {registry} itself: a mirror is another host that serves the same content", registry);

    public static UsageException DaemonJson(string path, string problem) =>
        new(DiagnosticCodes.MirrorSettingInvalid, $"Docker's daemon configuration {path} cannot be used for its registry-mirrors: {problem}", path);

    public static UsageException TagCheck(string value) =>
        Invalid(Registry.RegistryMirrors.TagCheckVariable, $"must be 'origin' or 'mirror', not '{value}'", value);

    private static UsageException Invalid(string source, string message, string? input) =>
        new(DiagnosticCodes.MirrorSettingInvalid, $"{source}: {message}", input);
}
