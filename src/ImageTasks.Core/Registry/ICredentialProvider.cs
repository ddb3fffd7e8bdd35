namespace ImageTasks.Core.Registry;

/// <summary>Finds the credentials for a registry (a reference's domain, e.g. <c>docker.io</c> or <c>127.0.0.1:5000</c>).</summary>
public interface ICredentialProvider
{
    Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken);
}
