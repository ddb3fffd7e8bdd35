namespace ImageTasks.Core.Registry;

/// <summary>
/// One registry's credential and nothing else: login must prove the credential the user typed, not whatever config.json
/// already holds for the registry.
/// </summary>
internal sealed class SingleCredentialProvider : ICredentialProvider
{
    private readonly string _registry;
    private readonly RegistryCredential _credential;

    public SingleCredentialProvider(string registry, RegistryCredential credential)
    {
        _registry = registry;
        _credential = credential;
    }

    public Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken) =>
        Task.FromResult(string.Equals(registry, _registry, StringComparison.OrdinalIgnoreCase) ? _credential : null);
}
