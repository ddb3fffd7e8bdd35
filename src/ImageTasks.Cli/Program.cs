using ImageTasks.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await CliApp.RunAsync(args, CliEnvironment.FromProcess(), cancel.Token).ConfigureAwait(false);
