using System.CommandLine;
using ImageTasks.Core.Operations.Login;
using ImageTasks.Core.Registry;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image login [-u USER] [-p PASS | --password-stdin] [SERVER]</c>: proves the credentials against the registry,
/// then stores them where docker login would. The password is never printed, logged or echoed.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var username = new Option<string?>("--username", "-u") { Description = "Username" };
        var password = new Option<string?>("--password", "-p") { Description = "Password or Personal Access Token (PAT)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Take the Password or Personal Access Token (PAT) from stdin" };
        var server = new Argument<string?>("SERVER") { Arity = ArgumentArity.ZeroOrOne, Description = "The registry (default: Docker Hub)" };

        CliApp.RejectFlags(server);
        var command = new Command("login", "Authenticate to a registry") { username, password, passwordStdin, server };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var user = parse.GetValue(username);
            var secret = parse.GetValue(password);
            if (!string.IsNullOrEmpty(secret))
            {
                await environment.Error.WriteLineAsync("WARNING! Using --password via the CLI is insecure. Use --password-stdin.").ConfigureAwait(false);
                if (parse.GetValue(passwordStdin))
                {
                    throw CliErrors.PasswordFlagsExclusive();
                }
            }

            if (parse.GetValue(passwordStdin))
            {
                if (string.IsNullOrEmpty(user))
                {
                    throw CliErrors.UsernameRequiredWithPasswordStdin();
                }

                secret = await ReadPasswordAsync(environment.Input, cancellationToken).ConfigureAwait(false);
            }

            var credential = string.IsNullOrEmpty(user) && string.IsNullOrEmpty(secret) ? null : new RegistryCredential(user ?? "", secret ?? "");
            var options = new LoginOptions(parse.GetValue(server), credential);
            var result = await new LoginOperation(global.RegistryOptions(parse, environment)).ExecuteAsync(options, cancellationToken).ConfigureAwait(false);

            if (result.UsedStoredCredentials)
            {
                await environment.Output.WriteLineAsync("Authenticating with existing credentials...").ConfigureAwait(false);
            }

            if (result.StoredUnencrypted)
            {
                await environment.Error.WriteLineAsync(
                    $"""
                    WARNING! Your password will be stored unencrypted in {result.ConfigPath}.
                    Configure a credential helper to remove this warning. See
                    https://docs.docker.com/engine/reference/commandline/login/#credentials-store

                    """).ConfigureAwait(false);
            }

            await environment.Output.WriteLineAsync("Login Succeeded").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>As docker: all of stdin, less one trailing line break (so <c>echo pass |</c> and a file both work).</summary>
    private static async Task<string> ReadPasswordAsync(TextReader input, CancellationToken cancellationToken)
    {
        var text = await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        text = text.EndsWith('\n') ? text[..^1] : text;
        return text.EndsWith('\r') ? text[..^1] : text;
    }
}
