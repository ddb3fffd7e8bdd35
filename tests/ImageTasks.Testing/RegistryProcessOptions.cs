namespace ImageTasks.Testing;

/// <summary>How <see cref="RegistryProcess.StartAsync"/> configures the registry.</summary>
public sealed record RegistryProcessOptions
{
    /// <summary>With <see cref="Password"/>, turns on htpasswd Basic auth.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>How long to wait for GET /v2/ to answer.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The registry program; overridable so the "not installed" path can be tested.</summary>
    public string Executable { get; init; } = "docker-registry";

    internal bool UsesAuth => Username is not null || Password is not null;
}
