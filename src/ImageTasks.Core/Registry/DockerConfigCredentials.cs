using System.Text;
using System.Text.Json;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Registry;

/// <summary>
/// Credentials from Docker's config.json, so docker and dotnet image share logins: <c>credHelpers</c> for the registry,
/// else <c>credsStore</c>, else the <c>auths</c> entry (base64 <c>user:password</c>, or an identity token). The key rules
/// here (which key names a registry, which helper serves it) are the ones login and logout write by, too.
/// </summary>
public sealed class DockerConfigCredentials : ICredentialProvider
{
    private readonly string? _configDirectory;

    public DockerConfigCredentials(string? configDirectory) => _configDirectory = configDirectory;

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken)
    {
        var config = Read(_configDirectory);
        if (config is null)
        {
            return null;
        }

        if (HelperFor(config, registry) is { } helper)
        {
            var fromHelper = await CredentialHelper.GetAsync(helper, ConfigKey(registry), cancellationToken).ConfigureAwait(false);
            if (fromHelper is not null)
            {
                return fromHelper;
            }
        }

        return FromAuths(config, registry, ConfigPath(_configDirectory)!);
    }

    /// <summary>Docker Hub's credentials are filed under its legacy v1 URL; every other registry under host[:port].</summary>
    public static string ConfigKey(string registry) => registry == "docker.io" ? RegistryEndpoint.DockerHubConfigKey : registry;

    /// <summary>
    /// The registry a <c>docker login</c>/<c>logout</c> argument names: none (or any of Docker Hub's names) is docker.io;
    /// a URL counts by its host[:port], as Docker's ConvertToHostname reads it.
    /// </summary>
    public static string RegistryOf(string? server) => string.IsNullOrWhiteSpace(server) ? "docker.io" : HostnameOf(server.Trim());

    /// <summary>Whether an <c>auths</c> key (written as host, or as a URL) belongs to this registry.</summary>
    internal static bool IsKeyFor(string key, string registry) =>
        string.Equals(HostnameOf(key), HostnameOf(ConfigKey(registry)), StringComparison.OrdinalIgnoreCase);

    /// <summary>The helper that holds this registry's secrets: its own <c>credHelpers</c> entry, else <c>credsStore</c>.</summary>
    internal static string? HelperFor(DockerConfigFile config, string registry)
    {
        var helper = config.CredHelpers?.GetValueOrDefault(ConfigKey(registry)) ?? config.CredHelpers?.GetValueOrDefault(registry) ?? config.CredsStore;
        return string.IsNullOrEmpty(helper) ? null : helper;
    }

    internal static string? ConfigPath(string? configDirectory) => configDirectory is null ? null : Path.Combine(configDirectory, "config.json");

    /// <summary>The parts of config.json that hold credentials; null when there is no file.</summary>
    internal static DockerConfigFile? Read(string? configDirectory)
    {
        var path = ConfigPath(configDirectory);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        if (new FileInfo(path).Length == 0)
        {
            return new DockerConfigFile(); // Docker reads an empty file as an empty config (a `touch`ed one is common)
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, RegistryJsonContext.Default.DockerConfigFile);
        }
        catch (JsonException e)
        {
            throw new RegistryException(DiagnosticCodes.LoginFailed, $"cannot read credentials: {path} is not valid JSON: {e.Message}", e);
        }
    }

    private static RegistryCredential? FromAuths(DockerConfigFile config, string registry, string path)
    {
        if (config.Auths is null)
        {
            return null;
        }

        foreach (var (key, entry) in config.Auths)
        {
            if (!IsKeyFor(key, registry))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(entry.IdentityToken))
            {
                return new RegistryCredential("<token>", entry.IdentityToken);
            }

            if (!string.IsNullOrEmpty(entry.Auth))
            {
                var decoded = Decode(entry.Auth, key, path);
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]);
                }
            }

            if (!string.IsNullOrEmpty(entry.Username) && entry.Password is not null)
            {
                return new RegistryCredential(entry.Username, entry.Password);
            }
        }

        return null;
    }

    /// <summary>The <c>auth</c> value, base64 of <c>user:password</c>; anything else is one line naming the file and the server.</summary>
    private static string Decode(string auth, string key, string path)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(auth));
        }
        catch (FormatException e)
        {
            // The value itself is a secret (or part of one): never echoed.
            throw new RegistryException($"cannot read credentials: the \"auth\" of \"{key}\" in {path} is not base64 of user:password; run docker login {key} again or fix the entry", innerException: e);
        }
    }

    /// <summary>Keys may be written as URLs (<c>https://host/v1/</c>); Docker compares their host part.</summary>
    private static string HostnameOf(string key)
    {
        var withoutScheme = key.Contains("://", StringComparison.Ordinal) ? key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..] : key;
        var slash = withoutScheme.IndexOf('/', StringComparison.Ordinal);
        var host = slash >= 0 ? withoutScheme[..slash] : withoutScheme;
        return host is "index.docker.io" or "registry-1.docker.io" ? "docker.io" : host;
    }
}
