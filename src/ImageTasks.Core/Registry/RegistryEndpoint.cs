using System.Net;

namespace ImageTasks.Core.Registry;

/// <summary>Where a registry name (a reference's domain) is reached: scheme, host and port.</summary>
public static class RegistryEndpoint
{
    /// <summary><c>docker.io</c> is a name, not a host: Docker Hub's API lives here.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    /// <summary>Docker Hub's search API: part of the legacy v1 index, which still answers on index.docker.io.</summary>
    public const string DockerHubSearch = "https://index.docker.io/v1/search";

    /// <summary>The key Docker's config.json uses for Docker Hub credentials.</summary>
    public const string DockerHubConfigKey = "https://index.docker.io/v1/";

    public static Uri BaseUri(string domain, RegistryOptions options)
    {
        // Docker's grammar lets a name like "foo_bar.com/x" parse with an empty domain: there is no host to ask.
        if (string.IsNullOrEmpty(domain))
        {
            throw new RegistryException("invalid reference format: the name has no registry host that can be reached");
        }

        // A mirror is reached where its URL says (scheme and path prefix included), whatever its host looks like.
        if (options.Mirrors.EndpointFor(domain) is { } mirror)
        {
            return mirror;
        }

        if (domain == "docker.io")
        {
            return new Uri($"https://{DockerHubApiHost}/");
        }

        // A certs.d folder for a loopback registry says it speaks TLS (Docker reads it the same way).
        var plain = options.InsecureRegistries.Contains(domain)
            || (IsLoopback(domain) && options.PlainHttpForLoopback && !RegistryCertificates.Configured(domain, options));
        var scheme = plain ? "http" : "https";

        // The reference grammar allows any digits after the colon; a URL allows 0-65535.
        if (!Uri.TryCreate($"{scheme}://{domain}/", UriKind.Absolute, out var uri) || uri.Port is < 1 or > 65535)
        {
            throw new RegistryException($"invalid reference format: registry {domain} is not a host with a port from 1 to 65535");
        }

        return uri;
    }

    /// <summary>Docker reaches loopback registries over plain HTTP without configuration: localhost, 127.0.0.0/8, ::1.</summary>
    public static bool IsLoopback(string domain)
    {
        var host = HostOf(domain);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>The host without its port; IPv6 literals lose their brackets.</summary>
    public static string HostOf(string domain)
    {
        if (domain.StartsWith('['))
        {
            var close = domain.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? domain[1..close] : domain;
        }

        var colon = domain.LastIndexOf(':');
        return colon >= 0 ? domain[..colon] : domain;
    }
}
