namespace ImageTasks.Core.Store;

/// <summary>Where the store lives: <c>IMAGETASKS_HOME</c>, else the user's data folder.</summary>
public static class StoreLocation
{
    public const string EnvironmentVariable = "IMAGETASKS_HOME";

    /// <summary>~/.local/share/imagetasks on Linux (XDG_DATA_HOME respected), %LOCALAPPDATA%\imagetasks on Windows.</summary>
    public static string Resolve(Func<string, string?> getVariable)
    {
        var home = getVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            return Path.GetFullPath(home);
        }

        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            throw new StoreException($"cannot find a folder for the image store: set {EnvironmentVariable}");
        }

        return Path.Combine(data, "imagetasks");
    }
}
