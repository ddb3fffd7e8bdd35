using System.Text.Json;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Lock;

namespace ImageTasks.Cli.Projects;

/// <summary>
/// A project's base images as its build sees them: <c>dotnet msbuild PROJECT -getTargetResult:CollectBaseImages</c>
/// (the target ImageTasks.targets defines; the build's ResolveBaseImages pins the same items) with the properties
/// that decide platforms and the lock file. Imports, Directory.Build.props, conditions, <c>-c</c> and <c>-p:</c>, and
/// the .NET SDK's inferred container base image all count, because MSBuild itself evaluates them.
/// </summary>
internal sealed class ProjectEvaluator
{
    /// <summary>A restore on a cold NuGet cache can take minutes; an evaluation that hangs must still end.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private const string Target = "CollectBaseImages";
    private static readonly string[] Properties = ["ImageLockFile", "ImagePlatforms", "RuntimeIdentifier", "RuntimeIdentifiers"];

    private readonly IReadOnlyList<string> _msbuildArguments;

    /// <param name="msbuildArguments">what <see cref="ProjectOptions"/> gives: <c>-p:Configuration=...</c>, <c>-p:NAME=VALUE</c></param>
    public ProjectEvaluator(IReadOnlyList<string> msbuildArguments) => _msbuildArguments = msbuildArguments;

    /// <returns>the project's images, or null when the project does not use the ImageTasks package</returns>
    public async Task<ProjectImages?> EvaluateAsync(string projectPath, CancellationToken cancellationToken)
    {
        // Restore first, as dotnet build does: the package's targets come in through restore's nuget.g.targets, and a
        // stale restore would still import them after the PackageReference was removed (or miss them once added).
        var result = await RunAsync(projectPath, cancellationToken).ConfigureAwait(false);
        if (MissesTarget(result))
        {
            return null;
        }

        if (result.ExitCode != 0)
        {
            throw EvaluationErrors.Failed(projectPath, result.ExitCode, ErrorLines(result));
        }

        return Parse(projectPath, result.Output);
    }

    private async Task<DotnetResult> RunAsync(string projectPath, CancellationToken cancellationToken)
    {
        List<string> arguments = ["msbuild", projectPath, "-nologo", "-nodeReuse:false", "-restore", "-getTargetResult:" + Target];
        arguments.AddRange(Properties.Select(p => "-getProperty:" + p));
        arguments.AddRange(_msbuildArguments);
        try
        {
            return await DotnetProcess.RunAsync(Path.GetDirectoryName(projectPath)!, arguments, Timeout, cancellationToken).ConfigureAwait(false)
                ?? throw EvaluationErrors.TimedOut(projectPath, Timeout);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw EvaluationErrors.Unusable(projectPath, "cannot start dotnet: " + e.Message, e);
        }
    }

    /// <summary>MSB4057: the target does not exist, i.e. the ImageTasks package's targets are not imported.</summary>
    private static bool MissesTarget(DotnetResult result) =>
        result.ExitCode != 0 && (result.Output + result.Error).Contains($"MSB4057: The target \"{Target}\" does not exist", StringComparison.Ordinal);

    /// <summary>MSBuild's own error lines (at most five, without the project suffix it appends), for the one-line failure.</summary>
    private static List<string> ErrorLines(DotnetResult result) =>
        (result.Output + "\n" + result.Error).Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" error ", StringComparison.Ordinal) || line.StartsWith("MSBUILD : error", StringComparison.Ordinal))
            .Select(line => line.EndsWith(']') && line.LastIndexOf(" [", StringComparison.Ordinal) is > 0 and var at ? line[..at] : line)
            .Distinct()
            .Take(5)
            .ToList();

    private static ProjectImages Parse(string projectPath, string output)
    {
        // The JSON is the last thing msbuild prints; anything before it (a warning) is not ours to parse.
        var start = output.IndexOf("\n{", StringComparison.Ordinal) is var at and >= 0 ? at + 1 : output.StartsWith('{') ? 0 : -1;
        if (start < 0)
        {
            throw EvaluationErrors.Unusable(projectPath, "dotnet msbuild printed no result");
        }

        try
        {
            using var document = JsonDocument.Parse(output[start..]);
            var root = document.RootElement;
            var properties = root.GetProperty("Properties");
            string? Property(string name) =>
                properties.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text ? text : null;

            var target = root.GetProperty("TargetResults").GetProperty(Target);
            var images = target.GetProperty("Items").EnumerateArray()
                .Select(item => new DeclaredImage(
                    item.GetProperty("Identity").GetString()!,
                    Metadata(item, "Platforms"),
                    Metadata(item, "RuntimeIdentifiers")))
                .ToList();
            var projectFolder = Path.GetDirectoryName(projectPath)!;
            var lockFile = Path.GetFullPath(Property("ImageLockFile") ?? Core.Pinning.ImageLockFile.DefaultName, projectFolder);
            return new ProjectImages(projectPath, lockFile, images)
            {
                ImagePlatforms = Property("ImagePlatforms"),
                RuntimeIdentifier = Property("RuntimeIdentifier"),
                RuntimeIdentifiers = Property("RuntimeIdentifiers"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw EvaluationErrors.Unusable(projectPath, "its result is not the JSON msbuild -getTargetResult prints: " + e.Message, e);
        }
    }

    private static string? Metadata(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
