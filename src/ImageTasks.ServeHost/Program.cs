using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Serving;
using ImageTasks.Core.Store;
using ImageTasks.Serving;

// dotnet ImageTasks.ServeHost.dll STORE ADDRESS: serves the store read-only, prints the address it bound (one line),
// and stops when its standard input closes: the build closes it when publishing is done, and the operating system
// closes it when the build dies, so a server never outlives the build that started it.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: ImageTasks.ServeHost STORE ADDRESS");
    return 2;
}

try
{
    await using var server = await RegistryServer.StartAsync(new ImageStore(args[0]), ServeAddress.Parse(args[1]), CancellationToken.None);
    await Console.Out.WriteLineAsync(server.Address);
    await Console.Out.FlushAsync();
    await using var input = Console.OpenStandardInput();
    await input.CopyToAsync(Stream.Null);
    return 0;
}
catch (Exception e)
{
    // One line for the build to quote: the coded failure, never a stack trace.
    var failure = Failures.Classify(e, "run dotnet image serve for details");
    await Console.Error.WriteLineAsync($"{failure.Code.Id}: {failure.Message}");
    return 1;
}
