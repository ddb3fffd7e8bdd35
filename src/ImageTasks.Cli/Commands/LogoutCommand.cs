using System.CommandLine;
using ImageTasks.Core.Operations.Logout;

namespace ImageTasks.Cli.Commands;

/// <summary><c>dotnet image logout [SERVER]</c>: forgets a login, as docker logout does.</summary>
internal static class LogoutCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var server = new Argument<string?>("SERVER") { Arity = ArgumentArity.ZeroOrOne, Description = "The registry (default: Docker Hub)" };

        CliApp.RejectFlags(server);
        var command = new Command("logout", "Log out from a registry") { server };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = await new LogoutOperation(global.RegistryOptions(parse, environment)).ExecuteAsync(parse.GetValue(server), cancellationToken).ConfigureAwait(false);
            await environment.Output.WriteLineAsync(result.WasLoggedIn
                ? $"Removing login credentials for {result.ServerAddress}"
                : $"Not logged in to {result.ServerAddress}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
