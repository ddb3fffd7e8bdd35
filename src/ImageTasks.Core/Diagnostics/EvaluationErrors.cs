using ImageTasks.Core.Pinning;

namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// Failures of evaluating projects with MSBuild for the CLI (<c>dotnet image lock|outdated</c>) and of a base image the
/// build cannot pin, each worded here once.
/// </summary>
public static class EvaluationErrors
{
    /// <summary>IMG1021: dotnet msbuild exited with an error; <paramref name="errors"/> are its error lines.</summary>
    public static PinningException Failed(string projectPath, int exitCode, IReadOnlyList<string> errors) => new(DiagnosticCodes.EvaluationFailed,
        $"dotnet msbuild could not evaluate {projectPath} (exit code {exitCode})"
        + (errors.Count == 0 ? "; run 'dotnet build' on it to see why" : ": " + string.Join(" | ", errors)));

    /// <summary>IMG1021: dotnet msbuild ran longer than the time allowed.</summary>
    public static PinningException TimedOut(string projectPath, TimeSpan timeout) => new(DiagnosticCodes.EvaluationFailed,
        $"dotnet msbuild did not finish evaluating {projectPath} within {timeout.TotalSeconds:0}s; run 'dotnet build' on it to see what it waits for");

    /// <summary>IMG1021: dotnet could not be started, or its answer was not the JSON asked for.</summary>
    public static PinningException Unusable(string projectPath, string reason, Exception? error = null) => new(DiagnosticCodes.EvaluationFailed,
        $"cannot evaluate {projectPath} with dotnet msbuild: {reason}", error);

    /// <summary>IMG1022: the project has no CollectBaseImages target (no ImageTasks package reference).</summary>
    public static PinningException NoBuildIntegration(string projectPath) => new(DiagnosticCodes.NoBuildIntegration,
        $"{projectPath} does not use the ImageTasks package, so its build pins no base image: add <PackageReference Include=\"ImageTasks\" Version=\"...\" PrivateAssets=\"all\" /> and its BaseImage items");

    /// <summary>IMG1009: a solution's projects cannot be listed.</summary>
    public static PinningException SolutionUnreadable(string solutionPath, string reason) => new(DiagnosticCodes.ProjectNotFound,
        $"cannot list the projects of {solutionPath}: {reason}");

    /// <summary>IMG1023: ContainerBaseImage is a global property (-p:) naming a tag; a target cannot replace it with the pinned form.</summary>
    public static PinningException UnpinnedGlobalBaseImage(string reference, string? pinned) => new(DiagnosticCodes.UnpinnedGlobalBaseImage,
        $"ContainerBaseImage={reference} was given on the command line (-p:), which the build cannot rewrite to the pinned digest, so publishing would use whatever the tag points to. "
        + (pinned is null ? "Pin it as name:tag@sha256:..." : $"Pass -p:ContainerBaseImage={pinned}")
        + " or set ContainerBaseImage in the project instead.");
}
