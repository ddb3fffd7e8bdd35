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

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public async Task<(int ExitCode, string Output, string Error)> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, name => name switch
        {
            "IMAGETASKS_HOME" => Store,
            "DOCKER_CONFIG" => Path.Combine(Store, "no-docker-config"),
            _ => _variables.GetValueOrDefault(name),
        }, OutputIsTerminal: false) { Input = new StringReader(input) };
        var exit = await CliApp.RunAsync(args, environment, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(Store, recursive: true);
}
