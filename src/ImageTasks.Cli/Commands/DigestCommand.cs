using System.CommandLine;
using ImageTasks.Core.Operations.Resolve;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image digest [--platform P] NAME[:TAG|@DIGEST]</c>: the digest a tag points to now, without pulling (one
/// HEAD request); with --platform, the digest of that platform's manifest.
/// </summary>
internal static class DigestCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var platform = new Option<string?>("--platform") { Description = "Print the digest of this platform's manifest (e.g. linux/arm64/v8)" };
        var name = new Argument<string>("NAME[:TAG|@DIGEST]") { Description = "The image to resolve" };

        CliApp.RejectFlags(name);
        var command = new Command("digest", "Print the digest a tag points to now, without pulling") { platform, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reference = ImageReference.Parse(parse.GetValue(name)!);
            Platform[] platforms = parse.GetValue(platform) is { Length: > 0 } text ? [Platform.Parse(text)] : [];
            var options = new ResolveOptions(reference, platforms);

            using var registry = new RegistryClient(global.RegistryOptions(parse, environment));
            var result = await new ResolveOperation(registry).ExecuteAsync(options, cancellationToken).ConfigureAwait(false);
            var digest = options.Platforms.Count == 0 ? result.Digest : result.PlatformDigests[options.Platforms[0]];
            await environment.Output.WriteLineAsync(digest.ToString()).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
