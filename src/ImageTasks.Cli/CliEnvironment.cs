namespace ImageTasks.Cli;

/// <summary>Everything the tool takes from its process: streams, environment variables, whether stdout is a terminal.</summary>
internal sealed record CliEnvironment(TextWriter Output, TextWriter Error, Func<string, string?> Variable, bool OutputIsTerminal)
{
    /// <summary>Standard input (login --password-stdin reads it); empty unless the process's own is given.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, !Console.IsOutputRedirected) { Input = Console.In };
}
