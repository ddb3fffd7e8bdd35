using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Operations.Login;

/// <summary>Whom to log in where. Built by the faces from flags; the server is normalised here, once.</summary>
public sealed record LoginOptions
{
    /// <param name="server">as typed: none or any of Docker Hub's names means docker.io; a URL counts by its host[:port]</param>
    /// <param name="credential">null: prove the credentials config.json already holds for the registry</param>
    public LoginOptions(string? server, RegistryCredential? credential)
    {
        if (credential is not null && (credential.Username.Length == 0 || credential.Secret.Length == 0))
        {
            // Docker would prompt for what is missing; we never prompt.
            throw new LoginException("Cannot perform an interactive login from a non TTY device");
        }

        Registry = DockerConfigCredentials.RegistryOf(server);
        Credential = credential;
    }

    /// <summary>The registry name, as references spell its domain: "docker.io", "127.0.0.1:5000".</summary>
    public string Registry { get; }

    /// <summary>The key config.json files the login under, which Docker also prints: "https://index.docker.io/v1/", "127.0.0.1:5000".</summary>
    public string ServerAddress => DockerConfigCredentials.ConfigKey(Registry);

    public RegistryCredential? Credential { get; }
}
