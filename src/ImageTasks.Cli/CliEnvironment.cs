namespace ImageTasks.Cli;

/// <summary>Everything the tool takes from its process: streams, environment variables, whether stdout is a terminal.</summary>
internal sealed record CliEnvironment(TextWriter Output, TextWriter Error, Func<string, string?> Variable, bool OutputIsTerminal)
{
    /// <summary>Standard input (prompts, --password-stdin); empty unless set.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>Standard output as bytes (save writes its archive there); nothing unless set.</summary>
    public Func<Stream> OpenBinaryOutput { get; init; } = () => Stream.Null;

    /// <summary>Standard input as bytes (load reads an archive from it); empty unless set.</summary>
    public Func<Stream> OpenBinaryInput { get; init; } = () => Stream.Null;

    /// <summary>Whether standard input is a terminal (then load has no archive to read from it).</summary>
    public bool InputIsTerminal { get; init; }

    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, !Console.IsOutputRedirected)
        {
            Input = Console.In,
            OpenBinaryOutput = Console.OpenStandardOutput,
            OpenBinaryInput = Console.OpenStandardInput,
            InputIsTerminal = !Console.IsInputRedirected,
        };
}
