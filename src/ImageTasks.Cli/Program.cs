using System.Runtime.InteropServices;
using ImageTasks.Cli;

using var cancel = new CancellationTokenSource();
var terminated = false;

// Ctrl+C (SIGINT) and SIGTERM (docker stop, a CI job's timeout, kill) stop the same way: the command is cancelled, its
// temp files are deleted and the store is left whole, and one line says so.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    terminated = true;
    Cancel(context);
});

var exit = await CliApp.RunAsync(args, CliEnvironment.FromProcess(), cancel.Token).ConfigureAwait(false);

// As a shell reports a command a signal stopped: 128 + the signal's number, 130 for SIGINT and 143 for SIGTERM.
return exit == CliApp.CancelledExitCode && terminated ? 128 + 15 : exit;

void Cancel(PosixSignalContext context)
{
    context.Cancel = true; // we stop ourselves, once the command has cleaned up
    cancel.Cancel();
}
