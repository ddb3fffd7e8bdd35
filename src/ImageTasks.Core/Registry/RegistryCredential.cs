namespace ImageTasks.Core.Registry;

/// <summary>A user name and secret for one registry. ToString never shows the secret.</summary>
public sealed record RegistryCredential(string Username, string Secret)
{
    /// <summary>Docker's helpers return this user name when the secret is an identity (refresh) token.</summary>
    public bool IsIdentityToken => Username == "<token>";

    public override string ToString() => $"{Username}:***";
}
