using System.CommandLine;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Load;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image load [-i FILE] [-q]</c>: an archive from a file or stdin, gzip or not, and docker's lines
/// (<c>Loaded image: NAME:TAG</c>, or <c>Loaded image ID: sha256:...</c> for an untagged image). docker shows progress
/// bars only on a terminal and the same lines otherwise; this prints the lines always, and -q is accepted for scripts.
/// </summary>
internal static class LoadCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var input = new Option<string?>("--input", "-i") { Description = "Read from tar archive file, instead of STDIN" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress the load output" };
        var command = new Command("load", "Load images from a tar archive or STDIN (docker save, podman save, skopeo docker-archive or oci-archive)") { input, quiet };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(input);
            if (file is not { Length: > 0 } && environment.InputIsTerminal)
            {
                throw ArchiveErrors.LoadFromTerminal();
            }

            var store = global.OpenStore(parse, environment);
            LoadResult result;
            await using (var archive = file is { Length: > 0 }
                ? new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous)
                : environment.OpenBinaryInput())
            {
                result = await new LoadOperation(store).ExecuteAsync(archive, cancellationToken).ConfigureAwait(false);
            }

            var output = environment.Output;
            foreach (var image in result.Images)
            {
                foreach (var replaced in image.Replaced)
                {
                    await output.WriteLineAsync($"The image {replaced.Tag.ToFamiliarString()} already exists, renaming the old one with ID {replaced.PreviousId} to empty string").ConfigureAwait(false);
                }

                if (image.Tags.Count == 0)
                {
                    await output.WriteLineAsync($"Loaded image ID: {image.Id}").ConfigureAwait(false);
                }

                foreach (var tag in image.Tags)
                {
                    await output.WriteLineAsync($"Loaded image: {tag.ToFamiliarString()}").ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }
}
