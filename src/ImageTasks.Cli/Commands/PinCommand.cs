using System.CommandLine;
using ImageTasks.Core.Operations.Pin;
using ImageTasks.Core.Registry;

namespace ImageTasks.Cli.Commands;

/// <summary><c>dotnet image pin FILE...</c>: Dockerfile FROM lines and project base images rewritten to tag@digest.</summary>
internal static class PinCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Dockerfiles and project files" };
        CliApp.RejectFlags(files);
        var command = new Command("pin", "Rewrite base image references in Dockerfiles and project files to tag@digest") { files };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var registry = new RegistryClient(global.RegistryOptions(parse, environment));
            var results = await new PinOperation(registry).ExecuteAsync(parse.GetValue(files)!, cancellationToken).ConfigureAwait(false);
            foreach (var file in results)
            {
                foreach (var (found, pinned) in file.References)
                {
                    if (pinned is null)
                    {
                        await environment.Error.WriteLineAsync($"Warning: {file.Path}:{found.Line}: {found.Reference} left unchanged: {found.Skipped}").ConfigureAwait(false);
                    }
                    else
                    {
                        await environment.Output.WriteLineAsync($"{file.Path}:{found.Line}: {found.Reference} -> {pinned}").ConfigureAwait(false);
                    }
                }
            }

            return 0;
        });
        return command;
    }
}
