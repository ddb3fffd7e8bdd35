using System.CommandLine;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Cli;

/// <summary>Options every command takes, and what they turn into: the store and the registry settings.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Store { get; } = new("--store")
    {
        Description = "The image store folder (default: $IMAGETASKS_HOME, else the user's data folder)",
        Recursive = true,
    };

    public Option<bool> Debug { get; } = new("--debug", "-D")
    {
        Description = "Show HTTP requests and full error details (secrets redacted)",
        Recursive = true,
    };

    public ImageStore OpenStore(ParseResult parse, CliEnvironment environment) =>
        new(parse.GetValue(Store) is { Length: > 0 } folder ? folder : StoreLocation.Resolve(environment.Variable));

    public RegistryOptions RegistryOptions(ParseResult parse, CliEnvironment environment)
    {
        var options = Core.Registry.RegistryOptions.FromEnvironment(environment.Variable);
        return parse.GetValue(Debug) ? options with { DebugLog = line => environment.Error.WriteLine("DEBU " + line) } : options;
    }
}
