using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>
/// One mirror of a registry: a URL that serves the same distribution API paths (<c>/v2/library/alpine/...</c>), as
/// Docker's <c>registry-mirrors</c> and a distribution registry in proxy mode do. Its host is its own registry for
/// credentials and TLS trust: it is never given the origin's credentials.
/// </summary>
public sealed record RegistryMirror
{
    private RegistryMirror(Uri endpoint)
    {
        Endpoint = endpoint;
        Host = endpoint.Authority;
    }

    /// <summary>Where <c>v2/...</c> is appended: scheme, host, port and any path prefix, ending with '/'.</summary>
    public Uri Endpoint { get; }

    /// <summary>"host[:port]": the name its credentials (config.json), certs.d folder and messages use.</summary>
    public string Host { get; }

    /// <summary>
    /// Docker's rules for a mirror URL (ValidateMirror): an http or https scheme, no credentials, no query or fragment;
    /// a path is allowed. <paramref name="source"/> names where the text came from, for the error.
    /// </summary>
    public static RegistryMirror Parse(string text, string source)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
        {
            throw MirrorErrors.NoScheme(text, source);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw MirrorErrors.NotAUrl(text, source);
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            throw MirrorErrors.UnsupportedScheme(uri.Scheme, text, source);
        }

        if (uri.UserInfo.Length > 0)
        {
            // The text holds a secret: it is never repeated.
            throw MirrorErrors.Credentials(uri, source);
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw MirrorErrors.QueryOrFragment(text, source);
        }

        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return new RegistryMirror(new Uri($"{uri.Scheme}://{uri.Authority}{path}"));
    }

    /// <summary>The repository as this mirror names it: the same path, on the mirror's host.</summary>
    public Repository Map(Repository repository) => new(Host, repository.Path, $"{Host}/{repository.Path}");

    /// <summary>The URL without its trailing '/': "http://127.0.0.1:5001".</summary>
    public override string ToString() => Endpoint.ToString().TrimEnd('/');
}
