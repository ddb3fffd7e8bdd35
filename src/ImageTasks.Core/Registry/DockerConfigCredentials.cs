using System.Text;
using System.Text.Json;

namespace ImageTasks.Core.Registry;

/// <summary>
/// Credentials from Docker's config.json, so docker and dotnet image share logins: <c>credHelpers</c> for the registry,
/// else <c>credsStore</c>, else the <c>auths</c> entry (base64 <c>user:password</c>, or an identity token).
/// </summary>
public sealed class DockerConfigCredentials : ICredentialProvider
{
    private readonly string? _configDirectory;

    public DockerConfigCredentials(string? configDirectory) => _configDirectory = configDirectory;

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken)
    {
        var config = Load();
        if (config is null)
        {
            return null;
        }

        var key = ConfigKey(registry);
        var helper = config.CredHelpers?.GetValueOrDefault(key) ?? config.CredHelpers?.GetValueOrDefault(registry) ?? config.CredsStore;
        if (!string.IsNullOrEmpty(helper))
        {
            var fromHelper = await CredentialHelper.GetAsync(helper, key, cancellationToken).ConfigureAwait(false);
            if (fromHelper is not null)
            {
                return fromHelper;
            }
        }

        return FromAuths(config, registry);
    }

    /// <summary>Docker Hub's credentials are filed under its legacy v1 URL; every other registry under host[:port].</summary>
    public static string ConfigKey(string registry) => registry == "docker.io" ? RegistryEndpoint.DockerHubConfigKey : registry;

    private DockerConfigFile? Load()
    {
        if (_configDirectory is null)
        {
            return null;
        }

        var path = Path.Combine(_configDirectory, "config.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, RegistryJsonContext.Default.DockerConfigFile);
        }
        catch (JsonException e)
        {
            throw new RegistryException($"cannot read credentials: {path} is not valid JSON: {e.Message}", innerException: e);
        }
    }

    private static RegistryCredential? FromAuths(DockerConfigFile config, string registry)
    {
        if (config.Auths is null)
        {
            return null;
        }

        foreach (var (key, entry) in config.Auths)
        {
            if (!string.Equals(HostnameOf(key), HostnameOf(ConfigKey(registry)), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(entry.IdentityToken))
            {
                return new RegistryCredential("<token>", entry.IdentityToken);
            }

            if (!string.IsNullOrEmpty(entry.Auth))
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(entry.Auth));
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

    /// <summary>Keys may be written as URLs (<c>https://host/v1/</c>); Docker compares their host part.</summary>
    private static string HostnameOf(string key)
    {
        var withoutScheme = key.Contains("://", StringComparison.Ordinal) ? key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..] : key;
        var slash = withoutScheme.IndexOf('/', StringComparison.Ordinal);
        var host = slash >= 0 ? withoutScheme[..slash] : withoutScheme;
        return host is "index.docker.io" or "registry-1.docker.io" ? "docker.io" : host;
    }
}
