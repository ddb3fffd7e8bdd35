using System.CommandLine;
using ImageTasks.Core.Operations.Remove;
using ImageTasks.Core.Platforms;

namespace ImageTasks.Cli.Commands;

/// <summary><c>dotnet image rm [-f] [--no-prune] [--platform P] IMAGE...</c> (aliases remove, rmi): docker's Untagged/Deleted lines.</summary>
internal static class RemoveCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Force removal of the image" };
        var noPrune = new Option<bool>("--no-prune") { Description = "Do not delete untagged parents (images here have none)" };
        var platform = new Option<string?>("--platform") { Description = "Remove only the given platform variant (e.g. linux/arm64)" };
        var names = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore, Description = "Images to remove: names, IDs or repo@digest" };
        CliApp.RejectFlags(names);
        var command = new Command("rm", "Remove one or more images") { force, noPrune, platform, names };
        command.Aliases.Add("remove");
        command.Aliases.Add("rmi");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var wanted = parse.GetValue(platform) is { Length: > 0 } text ? Platform.Parse(text) : null;
            var store = global.OpenStore(parse, environment);
            var options = new RemoveOptions(parse.GetValue(names)!, parse.GetValue(force), parse.GetValue(noPrune), wanted);
            var outcomes = await new RemoveOperation(store).ExecuteAsync(options, cancellationToken).ConfigureAwait(false);
            foreach (var outcome in outcomes)
            {
                foreach (var line in outcome.Lines)
                {
                    await environment.Output.WriteLineAsync((line.Deleted ? "Deleted: " : "Untagged: ") + line.Subject).ConfigureAwait(false);
                }

                if (outcome.Error is { } error)
                {
                    await environment.Error.WriteLineAsync("Error: " + error.Message).ConfigureAwait(false);
                }
            }

            return outcomes.Any(o => o.Error is not null) ? 1 : 0;
        });
        return command;
    }
}
