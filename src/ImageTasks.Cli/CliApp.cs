using System.CommandLine;
using ImageTasks.Cli.Commands;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Cli;

/// <summary>
/// <c>dotnet image</c>: Docker's image commands over the local store. Commands only translate flags into an operation's
/// options and render its result; every failure becomes one line on stderr and exit code 1.
/// </summary>
internal static class CliApp
{
    public const string UnknownFlag = "unknown flag: ";

    /// <summary>A cancelled command (Ctrl+C): 128 + SIGINT, as a shell reports it.</summary>
    public const int CancelledExitCode = 130;

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("Docker's image commands for .NET: pull, push, list and pin container images in a local OCI store.");
        root.Options.Add(global.Store);
        root.Options.Add(global.Debug);
        root.Subcommands.Add(PullCommand.Create(global, environment));
        root.Subcommands.Add(ListCommand.Create(global, environment));
        root.Subcommands.Add(InspectCommand.Create(global, environment));
        root.Subcommands.Add(HistoryCommand.Create(global, environment));
        root.Subcommands.Add(TagCommand.Create(global, environment));
        root.Subcommands.Add(RemoveCommand.Create(global, environment));
        root.Subcommands.Add(PruneCommand.Create(global, environment));
        root.Subcommands.Add(SearchCommand.Create(global, environment));
        root.Subcommands.Add(DigestCommand.Create(global, environment));
        root.Subcommands.Add(ManifestCommand.Create(global, environment));
        root.Subcommands.Add(PushCommand.Create(global, environment));
        root.Subcommands.Add(LoginCommand.Create(global, environment));
        root.Subcommands.Add(LogoutCommand.Create(global, environment));
        root.Subcommands.Add(LockCommand.Create(global, environment));
        root.Subcommands.Add(OutdatedCommand.Create(global, environment));
        root.Subcommands.Add(PinCommand.Create(global, environment));
        root.Subcommands.Add(CheckCommand.Create(global, environment));
        root.Subcommands.Add(ServeCommand.Create(global, environment));
        root.Subcommands.Add(SaveCommand.Create(global, environment));
        root.Subcommands.Add(LoadCommand.Create(global, environment));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var help = string.Join(' ', ["dotnet image", .. CommandPath(parse.CommandResult), "--help"]);
            // An unknown flag explains the errors that follow it (its value then looks like a stray argument): name it alone.
            var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith(UnknownFlag, StringComparison.Ordinal)) ?? parse.Errors[0];
            await environment.Error.WriteLineAsync($"Error: {first.Message.TrimEnd('.')}. See '{help}'.").ConfigureAwait(false);
            return 1;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = environment.Output, Error = environment.Error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync("Error: cancelled").ConfigureAwait(false);
            return CancelledExitCode;
        }
        catch (Exception e)
        {
            await ReportAsync(e, parse.GetValue(global.Debug), environment.Error).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// docker's <c>Error: message</c> line, unchanged for every failure docker also has; anything else gets a coded
    /// one-line message from the catalogue (an unexpected exception: "internal error: message; run with --debug for
    /// details", never its type). The code and the stack trace are for --debug: docker prints neither.
    /// </summary>
    internal static async Task ReportAsync(Exception exception, bool debug, TextWriter error)
    {
        var failure = Failures.Classify(exception, CliErrors.DetailsHint);
        await error.WriteLineAsync("Error: " + failure.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
        if (debug)
        {
            await error.WriteLineAsync($"DEBU {failure.Code.Id}: {failure.Code.Meaning}").ConfigureAwait(false);
            await error.WriteLineAsync(exception.ToString()).ConfigureAwait(false);
        }
    }

    /// <summary>System.CommandLine takes an unknown <c>--flag</c> as an argument value; docker calls it an unknown flag.</summary>
    public static void RejectFlags(Argument argument) =>
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && t.Value.Length > 1))
            {
                result.AddError(UnknownFlag + token.Value);
            }
        });

    /// <summary>The subcommand names from the root down ("manifest inspect"), for the help hint.</summary>
    private static Stack<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current?.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }
}
