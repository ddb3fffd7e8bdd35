using System.CommandLine;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Cli.Projects;

/// <summary>
/// <c>-c|--configuration</c> and <c>-p|--property NAME=VALUE</c>, as <c>dotnet build</c> takes them: the evaluation the
/// CLI asks MSBuild for is then the one that build sees (conditions on Configuration, properties from the command line).
/// </summary>
internal sealed class ProjectOptions
{
    public Option<string?> Configuration { get; } = new("--configuration", "-c")
    {
        Description = "The build configuration whose base images count (default: the project's, as dotnet build: Debug)",
    };

    public Option<string[]> Properties { get; } = new("--property", "-p")
    {
        Description = "An MSBuild property, NAME=VALUE, as dotnet build -p takes it (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Configuration);
        command.Options.Add(Properties);
    }

    /// <summary>The msbuild arguments these options stand for: <c>-p:Configuration=C</c> and each <c>-p:NAME=VALUE</c>.</summary>
    public IReadOnlyList<string> MSBuildArguments(ParseResult parse)
    {
        var arguments = new List<string>();
        if (parse.GetValue(Configuration) is { Length: > 0 } configuration)
        {
            arguments.Add("-p:Configuration=" + configuration);
        }

        foreach (var property in parse.GetValue(Properties) ?? [])
        {
            if (property.IndexOf('=', StringComparison.Ordinal) < 1)
            {
                throw new UsageException(DiagnosticCodes.InvalidArgument, $"-p takes NAME=VALUE: {property}", property, "NAME=VALUE");
            }

            arguments.Add("-p:" + property);
        }

        return arguments;
    }
}
