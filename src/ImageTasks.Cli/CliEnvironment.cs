namespace ImageTasks.Cli;

/// <summary>Everything the tool takes from its process: streams, environment variables, whether stdout is a terminal.</summary>
internal sealed record CliEnvironment(TextWriter Output, TextWriter Error, Func<string, string?> Variable, bool OutputIsTerminal)
{
    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, !Console.IsOutputRedirected);
}
