using System.CommandLine;
using System.Text;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Inspect;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image manifest inspect [--raw] [-v] NAME[:TAG|@DIGEST]</c>: the remote manifest or index as docker manifest
/// inspect prints it; --raw prints the bytes the registry sent (the ones the digest is computed over), unchanged.
/// </summary>
internal static class ManifestInspectCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var raw = new Option<bool>("--raw") { Description = "Print the manifest exactly as the registry sent it" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Output additional info including layers and platform" };
        var name = new Argument<string>("NAME[:TAG|@DIGEST]") { Description = "The image whose manifest to show" };

        CliApp.RejectFlags(name);
        var command = new Command("inspect", "Display an image manifest, or manifest list") { raw, verbose, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(raw) && parse.GetValue(verbose))
            {
                throw UsageErrors.Conflict("--raw", "--verbose", "--raw prints the registry's bytes alone");
            }

            var options = new ManifestInspectOptions(ImageReference.Parse(parse.GetValue(name)!), parse.GetValue(verbose));
            using var registry = new RegistryClient(global.RegistryOptions(parse, environment));
            var inspection = await new ManifestInspectOperation(registry).ExecuteAsync(options, cancellationToken).ConfigureAwait(false);

            var output = environment.Output;
            if (parse.GetValue(raw))
            {
                await output.WriteAsync(Encoding.UTF8.GetString(inspection.Document.Bytes)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(options.Verbose ? ManifestJson.Verbose(inspection) : ManifestJson.Pretty(inspection.Document)).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
