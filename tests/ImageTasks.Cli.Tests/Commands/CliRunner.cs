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

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs with <paramref name="input"/> as standard input (login --password-stdin).</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stdin = new StringReader(input);
        var dockerConfig = DockerConfig.Length > 0 ? DockerConfig : Path.Combine(Store, "no-docker-config");
        var environment = new CliEnvironment(output, error, name => name switch
        {
            "IMAGETASKS_HOME" => Store,
            "DOCKER_CONFIG" => dockerConfig,
            _ => _variables.GetValueOrDefault(name),
        }, OutputIsTerminal: false) { Input = stdin };
        var exit = await CliApp.RunAsync(args, environment, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(Store, recursive: true);
}
