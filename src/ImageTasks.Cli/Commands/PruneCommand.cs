using System.CommandLine;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Operations.Prune;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image prune [-a] [-f] [--dry-run] [--filter F]</c>: docker's prompt (refused on end of input), then its
/// <c>Deleted Images:</c> list and <c>Total reclaimed space</c>. <c>--dry-run</c> (docker has none) lists what would go.
/// </summary>
internal static class PruneCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove all images not used by a project, not just dangling ones" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be removed, and remove nothing" };
        var filters = new Option<string[]>("--filter") { Description = "Provide filter values (until=<timestamp|duration>, label=<key>[=<value>], label!=...)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("prune", "Remove unused images") { all, force, dryRun, filters };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = PruneOptions.WithFilters(new PruneOptions { All = parse.GetValue(all), DryRun = parse.GetValue(dryRun) }, parse.GetValue(filters) ?? [], DateTimeOffset.UtcNow);
            var output = environment.Output;
            if (!options.DryRun && !parse.GetValue(force))
            {
                await output.WriteAsync(options.All
                    ? "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] "
                    : "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ").ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                var answer = await environment.Input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (answer?.Trim().ToLowerInvariant() is not ("y" or "yes"))
                {
                    return 0; // docker treats end of input and anything but yes as no, silently
                }
            }

            var store = global.OpenStore(parse, environment);
            var result = await new PruneOperation(store).ExecuteAsync(options, cancellationToken).ConfigureAwait(false);
            if (result.Lines.Count > 0)
            {
                await output.WriteLineAsync(options.DryRun ? "Would delete Images:" : "Deleted Images:").ConfigureAwait(false);
                foreach (var line in result.Lines)
                {
                    await output.WriteLineAsync((line.Deleted ? "deleted: " : "untagged: ") + line.Subject).ConfigureAwait(false);
                }

                await output.WriteLineAsync().ConfigureAwait(false);
            }

            var total = HumanUnits.Size(result.ReclaimedBytes, precision: 4);
            await output.WriteLineAsync(options.DryRun ? $"Total reclaimable space: {total}" : $"Total reclaimed space: {total}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
