namespace ImageTasks.Cli.Tests.Commands;

/// <summary>Runs <c>dotnet image</c> in-process against a private store, capturing stdout and stderr.</summary>
internal sealed class CliRunner : IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _variables;

    /// <param name="variables">environment variables the run sees besides the store's own (e.g. IMAGETASKS_SEARCH_ENDPOINT)</param>
    public CliRunner(IReadOnlyDictionary<string, string>? variables = null)
    {
        Store = Directory.CreateTempSubdirectory("imagetasks-cli-").FullName;
        _variables = variables ?? new Dictionary<string, string>();
    }

    public string Store { get; }

    /// <summary>DOCKER_CONFIG for the runs: by default a folder inside the store that nothing creates, so no logins.</summary>
    public string DockerConfig { get; set; } = "";

    /// <summary>Bytes the next runs read as binary standard input (load without -i).</summary>
    public byte[] BinaryInput { get; set; } = [];

    /// <summary>What the last run wrote as binary standard output (save without -o).</summary>
    public byte[] BinaryOutput { get; private set; } = [];

    /// <summary>Whether the runs' standard output is a terminal (save refuses to write an archive to one).</summary>
    public bool OutputIsTerminal { get; set; }

    /// <summary>Whether the runs' standard input is a terminal (load without -i has nothing to read then).</summary>
    public bool InputIsTerminal { get; set; }

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs with <paramref name="input"/> as standard input (login --password-stdin).</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stdin = new StringReader(input);
        using var binary = new MemoryStream();
        var dockerConfig = DockerConfig.Length > 0 ? DockerConfig : Path.Combine(Store, "no-docker-config");
        var environment = new CliEnvironment(output, error, name => name switch
        {
            "IMAGETASKS_HOME" => Store,
            "DOCKER_CONFIG" => dockerConfig,
            _ => _variables.GetValueOrDefault(name),
        }, OutputIsTerminal) { Input = stdin, OpenBinaryInput = () => new MemoryStream(BinaryInput, writable: false), OpenBinaryOutput = () => binary, InputIsTerminal = InputIsTerminal };
        var exit = await CliApp.RunAsync(args, environment, CancellationToken.None);
        BinaryOutput = binary.ToArray();
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(Store, recursive: true);
}
