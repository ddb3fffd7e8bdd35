namespace ImageTasks.Core.Operations.Login;

/// <param name="ServerAddress">the config.json key the login is filed under</param>
/// <param name="UsedStoredCredentials">no credentials were given: the stored ones were proven, and nothing was written</param>
/// <param name="Helper">the credential helper that holds the secret; null when config.json holds it</param>
/// <param name="ConfigPath">the config.json written</param>
public sealed record LoginResult(string Registry, string ServerAddress, bool UsedStoredCredentials, string? Helper, string? ConfigPath)
{
    /// <summary>The password sits base64-encoded in config.json, which Docker warns about.</summary>
    public bool StoredUnencrypted => !UsedStoredCredentials && Helper is null;
}
