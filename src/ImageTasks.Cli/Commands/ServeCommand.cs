using System.CommandLine;
using ImageTasks.Core.Serving;
using ImageTasks.Serving;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image serve [--addr HOST:PORT] [--allow-remote]</c>: the store as a read-only registry until Ctrl+C or
/// SIGTERM. It prints one line, the address it listens on, so a script can read the port it got for port 0.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var addr = new Option<string>("--addr")
        {
            Description = "The address to listen on: IP:PORT, localhost:PORT, or :PORT for every interface (port 0: a free port)",
            DefaultValueFactory = _ => ServeAddress.Default,
        };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow an address other machines can reach (still read-only)" };
        var command = new Command("serve", "Serve the image store as a read-only registry (distribution API v2)") { addr, allowRemote };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var address = ServeAddress.ForServing(parse.GetValue(addr)!, parse.GetValue(allowRemote));
            var store = global.OpenStore(parse, environment);
            await using var server = await RegistryServer.StartAsync(store, address, cancellationToken).ConfigureAwait(false);
            await environment.Output.WriteLineAsync($"Listening on {server.Address}").ConfigureAwait(false);
            await environment.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C and SIGTERM are how a server is asked to stop: a clean stop, exit 0.
            }

            return 0;
        });
        return command;
    }
}
