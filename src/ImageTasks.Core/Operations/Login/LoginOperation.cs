using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Operations.Login;

/// <summary>
/// Login: prove the credentials against the registry (GET /v2/, answering its Basic or Bearer challenge with them and
/// nothing else), then store them as docker login does. Nothing is written when the registry refuses them.
/// </summary>
public sealed class LoginOperation
{
    private readonly RegistryOptions _options;

    public LoginOperation(RegistryOptions options) => _options = options;

    public async Task<LoginResult> ExecuteAsync(LoginOptions options, CancellationToken cancellationToken)
    {
        var registry = options.Registry;
        var credential = options.Credential;
        var stored = credential is null;
        if (credential is null)
        {
            credential = await new DockerConfigCredentials(_options.DockerConfigDirectory).GetAsync(registry, cancellationToken).ConfigureAwait(false)
                ?? throw new LoginException("Cannot perform an interactive login from a non TTY device");
        }

        using (var client = new RegistryClient(_options, new SingleCredentialProvider(registry, credential)))
        {
            await client.PingAsync(registry, cancellationToken).ConfigureAwait(false);
        }

        var store = new DockerLoginStore(_options.DockerConfigDirectory);
        var helper = stored ? null : await store.StoreAsync(registry, credential, cancellationToken).ConfigureAwait(false);
        return new LoginResult(registry, options.ServerAddress, stored, helper, store.ConfigPath);
    }
}
