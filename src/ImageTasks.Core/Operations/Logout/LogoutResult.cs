namespace ImageTasks.Core.Operations.Logout;

/// <param name="ServerAddress">the config.json key, which Docker prints: "https://index.docker.io/v1/", "127.0.0.1:5000"</param>
/// <param name="WasLoggedIn">false: there was nothing to remove</param>
public sealed record LogoutResult(string Registry, string ServerAddress, bool WasLoggedIn);
