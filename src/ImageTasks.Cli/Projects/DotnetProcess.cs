using System.Diagnostics;

namespace ImageTasks.Cli.Projects;

/// <summary>What a run of the dotnet CLI printed and how it ended.</summary>
internal sealed record DotnetResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs the dotnet CLI (<c>dotnet msbuild</c>, <c>dotnet sln list</c>) as a child process: the tool is Native AOT and
/// carries no MSBuild, so it asks the installed SDK, as <c>dotnet build</c> would see the project. Bounded in time;
/// a timeout or a cancel ends the whole process tree.
/// </summary>
internal static class DotnetProcess
{
    /// <returns>the result, or null when it ran longer than <paramref name="timeout"/></returns>
    /// <exception cref="System.ComponentModel.Win32Exception">dotnet cannot be started</exception>
    public static async Task<DotnetResult?> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Core.IO.DotnetHost.Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No banner or first-run text in the output we parse.
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        return new DotnetResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
