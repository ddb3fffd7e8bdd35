using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Operations.Logout;

/// <summary>Logout: remove the registry's login from config.json and from its credential helper. No request is sent.</summary>
public sealed class LogoutOperation
{
    private readonly RegistryOptions _options;

    public LogoutOperation(RegistryOptions options) => _options = options;

    /// <param name="server">as typed: none or any of Docker Hub's names means docker.io; a URL counts by its host[:port]</param>
    public async Task<LogoutResult> ExecuteAsync(string? server, CancellationToken cancellationToken)
    {
        var registry = DockerConfigCredentials.RegistryOf(server);
        var removed = await new DockerLoginStore(_options.DockerConfigDirectory).EraseAsync(registry, cancellationToken).ConfigureAwait(false);
        return new LogoutResult(registry, DockerConfigCredentials.ConfigKey(registry), removed);
    }
}
