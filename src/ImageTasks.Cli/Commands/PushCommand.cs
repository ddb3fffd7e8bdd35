using System.CommandLine;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Operations.Push;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Cli.Commands;

/// <summary><c>dotnet image push [-a] [-q] NAME[:TAG]</c>, printing what docker push prints.</summary>
internal static class PushCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var allTags = new Option<bool>("--all-tags", "-a") { Description = "Push all tags of an image to the repository" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress verbose output" };
        var name = new Argument<string>("NAME[:TAG]") { Description = "The image to push" };

        CliApp.RejectFlags(name);
        var command = new Command("push", "Upload an image to a registry") { allTags, quiet, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Parse everything before any network request: a bad reference costs nothing.
            var reference = ImageReference.Parse(parse.GetValue(name)!);
            if (parse.GetValue(allTags) && reference.Tag is not null && reference.Digest is null)
            {
                throw CliErrors.TagWithAllTags();
            }

            var options = new PushOptions(reference, parse.GetValue(allTags));
            var silent = parse.GetValue(quiet);

            var output = environment.Output;
            if (!options.AllTags && reference.Tag is null && !silent)
            {
                await output.WriteLineAsync("Using default tag: latest").ConfigureAwait(false);
            }

            var store = global.OpenStore(parse, environment);
            using var registry = new RegistryClient(global.RegistryOptions(parse, environment));
            await new PushOperation(registry, store).ExecuteAsync(options, silent ? null : new LineRenderer<PushEvent>(output, PushLines.For), cancellationToken).ConfigureAwait(false);

            if (silent)
            {
                await output.WriteLineAsync(options.Reference.ToString()).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
