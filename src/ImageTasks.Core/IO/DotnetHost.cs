namespace ImageTasks.Core.IO;

/// <summary>The dotnet host to start child processes with (msbuild for the CLI, the store server for the build).</summary>
public static class DotnetHost
{
    /// <summary>The host that runs the current build or tool when the SDK names it (DOTNET_HOST_PATH), else dotnet from PATH.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
