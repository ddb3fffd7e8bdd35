namespace ImageTasks.Testing;

/// <summary>How <see cref="RegistryProcess.StartAsync"/> configures the registry.</summary>
public sealed record RegistryProcessOptions
{
    /// <summary>With <see cref="Password"/>, turns on htpasswd Basic auth.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>
    /// Turns on token auth (<c>auth.token</c>): clients are sent to a token server for JWTs, as Docker Hub does. Take it
    /// from <see cref="TokenServer.RegistryAuth"/>; push with <see cref="TokenServer.CreateSeeder"/>.
    /// </summary>
    public RegistryTokenAuth? TokenAuth { get; init; }

    /// <summary>Serves https with this authority's server certificate (and demands a client certificate when it says so).</summary>
    public RegistryTls? Tls { get; init; }

    /// <summary>
    /// Runs the registry as a pull-through cache (<c>proxy: remoteurl:</c>) of this upstream: a mirror. It pings the
    /// upstream at start (a closed port makes it exit 2) and refuses pushes (405).
    /// </summary>
    public Uri? ProxyRemoteUrl { get; init; }

    /// <summary>How long to wait for GET /v2/ to answer.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The registry program; overridable so the "not installed" path can be tested.</summary>
    public string Executable { get; init; } = "docker-registry";

    internal bool UsesAuth => Username is not null || Password is not null;

    internal void Validate()
    {
        if (UsesAuth && TokenAuth is not null)
        {
            // distribution refuses a config with two auth types (it exits 1); say so before starting it.
            throw new ArgumentException("RegistryProcessOptions: choose htpasswd Basic auth (Username/Password) or TokenAuth, not both: the registry accepts one auth type.");
        }
    }
}
