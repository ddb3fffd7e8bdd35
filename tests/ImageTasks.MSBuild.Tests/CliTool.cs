namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// <c>dotnet image</c> as a user runs it: its own process (dotnet-image.dll, built beside these tests by the project
/// reference), which evaluates projects with <c>dotnet msbuild</c> as the installed tool does.
/// </summary>
internal static class CliTool
{
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "dotnet-image.dll");

    public static Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Dotnet.RunAsync(workingDirectory, environment, [Assembly, .. args]);
}
