using System.CommandLine;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Operations.Pull;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Cli.Commands;

/// <summary><c>dotnet image pull [-a] [--platform P] [-q] NAME[:TAG|@DIGEST]</c>, printing what docker pull prints.</summary>
internal static class PullCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var allTags = new Option<bool>("--all-tags", "-a") { Description = "Download all tagged images in the repository" };
        var platform = new Option<string?>("--platform") { Description = "Set platform if server is multi-platform capable (e.g. linux/arm64/v8)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress verbose output" };
        var name = new Argument<string>("NAME[:TAG|@DIGEST]") { Description = "The image to pull" };

        CliApp.RejectFlags(name);
        var command = new Command("pull", "Download an image from a registry") { allTags, platform, quiet, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Parse everything before any network request: a bad reference or platform costs nothing.
            var reference = ImageReference.Parse(parse.GetValue(name)!);
            var wanted = parse.GetValue(platform) is { Length: > 0 } text ? Platform.Parse(text) : null;
            if (parse.GetValue(allTags) && (reference.Tag is not null || reference.Digest is not null))
            {
                throw CliErrors.TagWithAllTags();
            }

            var options = new PullOptions(reference, wanted, parse.GetValue(allTags));

            var output = environment.Output;
            if (!options.AllTags && reference.Tag is null && reference.Digest is null && !parse.GetValue(quiet))
            {
                await output.WriteLineAsync("Using default tag: latest").ConfigureAwait(false);
            }

            IProgress<PullEvent>? progress = parse.GetValue(quiet) ? null
                : environment.OutputIsTerminal ? new LivePullRenderer(output) : new LineRenderer<PullEvent>(output, PullLines.For);

            var store = global.OpenStore(parse, environment);
            using var registry = new RegistryClient(global.RegistryOptions(parse, environment));
            var results = await new PullOperation(registry, store).ExecuteAsync(options, progress, cancellationToken).ConfigureAwait(false);

            if (!parse.GetValue(quiet))
            {
                var upToDate = results.All(r => r.UpToDate);
                var shown = options.AllTags ? options.Reference : results[0].Reference;
                await output.WriteLineAsync(PullLines.Status(shown, upToDate)).ConfigureAwait(false);
            }

            await output.WriteLineAsync(options.AllTags ? options.Reference.ToString() : results[0].Reference.ToString()).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
