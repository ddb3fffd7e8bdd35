using System.CommandLine;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Registry;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image lock [PROJECT|DIR] [--update] [--verify]</c>: what the build's ResolveDigest does, without a build,
/// so nobody edits images.lock.json by hand. <c>--verify</c> writes nothing and exits 1 on a mutated tag or a gap.
/// </summary>
internal static class LockCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var update = new Option<bool>("--update") { Description = "Accept what each tag points to now (a mutated tag is re-pinned)" };
        var verify = new Option<bool>("--verify") { Description = "Write nothing; exit 1 when a tag moved or the lock misses an image or platform (for CI)" };
        var project = new Argument<string?>("PROJECT|DIR") { Arity = ArgumentArity.ZeroOrOne, Description = "The project (default: the one in the current folder)" };
        CliApp.RejectFlags(project);
        var command = new Command("lock", "Write or refresh images.lock.json for a project's base images") { update, verify, project };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(update) && parse.GetValue(verify))
            {
                throw UsageErrors.Conflict("--update", "--verify", "--verify never changes the lock");
            }

            var images = ProjectImages.Read(ProjectImages.FindProject(parse.GetValue(project)));
            foreach (var unresolved in images.Unresolved)
            {
                await environment.Error.WriteLineAsync($"Warning: {unresolved} uses MSBuild properties; run the build to resolve it").ConfigureAwait(false);
            }

            var requests = images.BaseImages
                .Select(i => new BaseImageRequest(i.Reference, PlatformDefaults.Resolve(i.Platforms, images.ImagePlatforms, images.RuntimeIdentifier, images.RuntimeIdentifiers)))
                .ToList();
            var options = new LockOptions(images.LockFilePath) { LockedMode = parse.GetValue(verify), LockedModeSwitch = LockedModeSwitch.VerifyFlag, Update = parse.GetValue(update) };
            using var registry = new RegistryClient(global.RegistryOptions(parse, environment));
            var result = await new LockOperation(registry, global.OpenStore(parse, environment)).ExecuteAsync(requests, options, cancellationToken).ConfigureAwait(false);

            foreach (var image in result.Images)
            {
                var platforms = string.Join(" ", image.PlatformDigests.Keys.Select(p => p.ToString()).Order(StringComparer.Ordinal));
                await environment.Output.WriteLineAsync($"{image.Reference.ToFamiliarString()}  {image.Digest}  {platforms}").ConfigureAwait(false);
            }

            var diagnostics = result.Diagnostics.Concat(result.Images.Select(i => i.PlatformCheck()).OfType<PinDiagnostic>()).ToList();
            foreach (var diagnostic in diagnostics)
            {
                await environment.Error.WriteLineAsync($"{(diagnostic.IsError ? "Error" : "Warning")}: {diagnostic.Code}: {diagnostic.Message}").ConfigureAwait(false);
            }

            if (diagnostics.Any(d => d.IsError))
            {
                return 1;
            }

            var name = Path.GetFileName(images.LockFilePath);
            await environment.Output.WriteLineAsync(result.LockWritten ? $"Wrote {images.LockFilePath}" : parse.GetValue(verify) ? $"{name} verified" : $"{name} is up to date").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
