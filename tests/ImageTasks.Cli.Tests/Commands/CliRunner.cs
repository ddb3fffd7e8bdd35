namespace ImageTasks.Cli.Tests.Commands;

/// <summary>Runs <c>dotnet image</c> in-process against a private store, capturing stdout and stderr.</summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner() => Store = Directory.CreateTempSubdirectory("imagetasks-cli-").FullName;

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
            _ => null,
        }, OutputIsTerminal: false) { Input = new StringReader(input) };
        var exit = await CliApp.RunAsync(args, environment, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(Store, recursive: true);
}
