using System.CommandLine;
using ImageTasks.Core.Operations.Tag;

namespace ImageTasks.Cli.Commands;

/// <summary><c>dotnet image tag SOURCE TARGET</c>: another name for an image in the store; silent on success, as docker is.</summary>
internal static class TagCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var source = new Argument<string>("SOURCE_IMAGE[:TAG]") { Description = "The image to name" };
        var target = new Argument<string>("TARGET_IMAGE[:TAG]") { Description = "The new name" };
        CliApp.RejectFlags(source);
        var command = new Command("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE") { source, target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = global.OpenStore(parse, environment);
            await new TagOperation(store).ExecuteAsync(parse.GetValue(source)!, parse.GetValue(target)!, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
