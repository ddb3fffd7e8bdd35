using System.CommandLine;

namespace ImageTasks.Cli.Commands;

/// <summary><c>dotnet image manifest</c>: remote manifests and manifest lists (docker manifest's read-only side).</summary>
internal static class ManifestCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment) =>
        new("manifest", "Inspect image manifests and manifest lists in a registry")
        {
            ManifestInspectCommand.Create(global, environment),
        };
}
