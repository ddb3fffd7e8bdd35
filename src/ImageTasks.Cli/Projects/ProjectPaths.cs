using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Cli.Projects;

/// <summary>The projects a command works on, and the solution they came from (null for one project).</summary>
internal sealed record ProjectSet(IReadOnlyList<string> Projects, string? Solution)
{
    /// <summary>What the output names: the solution, else the project file.</summary>
    public string Subject => Path.GetFileName(Solution ?? Projects[0]);
}

/// <summary>
/// PROJECT | DIR | SOLUTION (.sln, .slnx) -> project files, as dotnet build finds them: a folder holds exactly one
/// project file, else exactly one solution; a solution's projects are what <c>dotnet sln list</c> lists.
/// </summary>
internal static class ProjectPaths
{
    private static readonly TimeSpan ListTimeout = TimeSpan.FromMinutes(1);

    public static async Task<ProjectSet> ResolveAsync(string? argument, CancellationToken cancellationToken)
    {
        var path = Find(argument);
        return IsSolution(path)
            ? new ProjectSet(await ListSolutionAsync(path, cancellationToken).ConfigureAwait(false), path)
            : new ProjectSet([path], null);
    }

    /// <summary>The project or solution file <paramref name="argument"/> names or its folder holds.</summary>
    public static string Find(string? argument)
    {
        var path = Path.GetFullPath(string.IsNullOrEmpty(argument) ? "." : argument);
        if (File.Exists(path))
        {
            return path;
        }

        if (!Directory.Exists(path))
        {
            throw Core.Diagnostics.PinningErrors.NoProjectAt(path);
        }

        var projects = Directory.GetFiles(path, "*.*proj");
        var solutions = Directory.GetFiles(path, "*.sln").Concat(Directory.GetFiles(path, "*.slnx")).ToArray();
        return (projects.Length, solutions.Length) switch
        {
            (1, _) => projects[0],
            (0, 1) => solutions[0],
            (0, 0) => throw PinningErrors.NoProjectIn(path),
            _ => throw PinningErrors.SeveralProjectsIn(path, (projects.Length > 0 ? projects : solutions).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)),
        };
    }

    private static bool IsSolution(string path) =>
        path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The solution's projects by <c>dotnet sln list</c> (it reads both formats and knows solution folders).</summary>
    private static async Task<IReadOnlyList<string>> ListSolutionAsync(string solution, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(solution)!;
        DotnetResult? result;
        try
        {
            result = await DotnetProcess.RunAsync(folder, ["sln", solution, "list"], ListTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw EvaluationErrors.SolutionUnreadable(solution, "cannot start dotnet: " + e.Message);
        }

        if (result is null)
        {
            throw EvaluationErrors.SolutionUnreadable(solution, $"dotnet sln list did not finish within {ListTimeout.TotalSeconds:0}s");
        }

        if (result.ExitCode != 0)
        {
            var reason = (result.Error + result.Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            throw EvaluationErrors.SolutionUnreadable(solution, reason ?? $"dotnet sln list exited with {result.ExitCode}");
        }

        // "Project(s)", a line of dashes, then one project path per line, relative to the solution's folder.
        var projects = result.Output.Split('\n', StringSplitOptions.TrimEntries)
            .SkipWhile(line => !line.StartsWith("---", StringComparison.Ordinal))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => Path.GetFullPath(line.Replace('\\', Path.DirectorySeparatorChar), folder))
            .ToList();
        return projects.Count > 0 ? projects : throw EvaluationErrors.SolutionUnreadable(solution, "it lists no project");
    }
}
