using System.CommandLine;
using ImageTasks.Cli.Projects;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Registry;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image lock [PROJECT|DIR|SLN] [-c C] [-p N=V] [--update] [--verify]</c>: what the build's ResolveDigest does,
/// without a build, on the images MSBuild evaluates for the project (or every project of a solution), so nobody edits
/// images.lock.json by hand and the lock is byte for byte the one the build writes. A lock file several projects share is
/// written once with all their entries; entries no project uses any more are dropped. <c>--verify</c> writes nothing
/// and exits 1 on a mutated tag or a gap.
/// </summary>
internal static class LockCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var update = new Option<bool>("--update") { Description = "Accept what each tag points to now (a mutated tag is re-pinned)" };
        var verify = new Option<bool>("--verify") { Description = "Write nothing; exit 1 when a tag moved or the lock misses an image or platform (for CI)" };
        var project = new Argument<string?>("PROJECT|DIR|SLN") { Arity = ArgumentArity.ZeroOrOne, Description = "The project or solution (default: the one in the current folder)" };
        var projectOptions = new ProjectOptions();
        CliApp.RejectFlags(project);
        var command = new Command("lock", "Write or refresh images.lock.json for the base images a project's build uses") { update, verify, project };
        projectOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(update) && parse.GetValue(verify))
            {
                throw UsageErrors.Conflict("--update", "--verify", "--verify never changes the lock");
            }

            var evaluated = await EvaluatedProjects.LoadAsync(parse.GetValue(project), projectOptions.MSBuildArguments(parse), cancellationToken).ConfigureAwait(false);
            using var registry = new RegistryClient(global.RegistryOptions(parse, environment));
            var operation = new LockOperation(registry, global.OpenStore(parse, environment));
            var resolvedTime = PinTime.FromEnvironment(environment.Variable);
            var failed = false;
            var anyImage = false;
            foreach (var group in evaluated.ByLockFile())
            {
                var lockFile = group.Key;
                var requests = ProjectImages.Merge(group);
                if (requests.Count == 0 && !File.Exists(lockFile))
                {
                    continue; // nothing to pin and nothing pinned before
                }

                anyImage = true;
                var dropUnused = evaluated.CoversWholeLock(group);
                var before = dropUnused ? LockedReferences(lockFile) : [];
                var options = new LockOptions(lockFile)
                {
                    LockedMode = parse.GetValue(verify),
                    LockedModeSwitch = LockedModeSwitch.VerifyFlag,
                    Update = parse.GetValue(update),
                    DropUnused = dropUnused,
                    ResolvedTime = resolvedTime,
                };
                var result = await operation.ExecuteAsync(requests, options, cancellationToken).ConfigureAwait(false);
                failed |= !await ReportAsync(environment, lockFile, requests, before, result, parse.GetValue(verify)).ConfigureAwait(false);
            }

            if (!anyImage)
            {
                await environment.Output.WriteLineAsync($"No base images in {evaluated.Set.Subject}.").ConfigureAwait(false);
            }

            return failed ? 1 : 0;
        });
        return command;
    }

    /// <returns>false when the lock has errors</returns>
    private static async Task<bool> ReportAsync(CliEnvironment environment, string lockFile, IReadOnlyList<BaseImageRequest> requests, IReadOnlyList<string> before, LockResult result, bool verify)
    {
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
            return false;
        }

        if (result.LockWritten)
        {
            var used = requests.Select(LockOperation.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var dropped in before.Where(r => !used.Contains(r)))
            {
                await environment.Output.WriteLineAsync($"Dropped {dropped}: no project uses it").ConfigureAwait(false);
            }
        }

        var name = Path.GetFileName(lockFile);
        await environment.Output.WriteLineAsync(result.LockWritten ? $"Wrote {lockFile}" : verify ? $"{name} verified" : $"{name} is up to date").ConfigureAwait(false);
        return true;
    }

    /// <summary>The references the lock pins now (none when it is missing or unreadable: the operation reports that).</summary>
    private static List<string> LockedReferences(string lockFile)
    {
        try
        {
            return ImageLockFile.Read(lockFile)?.Images.Keys.ToList() ?? [];
        }
        catch (PinningException)
        {
            return [];
        }
    }
}
