using System.CommandLine;
using ImageTasks.Cli.Projects;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Registry;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image outdated [PROJECT|DIR|SLN] [-c C] [-p N=V] [--minor|--major]</c>: of the pins the evaluated projects
/// use, the tags that moved and the newer tags in the same version line (patch level unless asked, as
/// <c>dotnet list package --outdated</c>). Exit 0; it only reports.
/// </summary>
internal static class OutdatedCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var minor = new Option<bool>("--minor") { Description = "Also consider newer minor versions (3.19 -> 3.20)" };
        var major = new Option<bool>("--major") { Description = "Consider any newer version (3.19 -> 4.0)" };
        var project = new Argument<string?>("PROJECT|DIR|SLN") { Arity = ArgumentArity.ZeroOrOne, Description = "The project or solution (default: the one in the current folder)" };
        var projectOptions = new ProjectOptions();
        CliApp.RejectFlags(project);
        var command = new Command("outdated", "Show pinned base images whose tag moved or that have newer tags") { minor, major, project };
        projectOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var evaluated = await EvaluatedProjects.LoadAsync(parse.GetValue(project), projectOptions.MSBuildArguments(parse), cancellationToken).ConfigureAwait(false);

            // Only the pins the projects use now: a stale entry of the lock is not what the build would update.
            var pins = new ImageLock();
            foreach (var group in evaluated.ByLockFile())
            {
                var used = ProjectImages.Merge(group).Select(LockOperation.Key).ToHashSet(StringComparer.Ordinal);
                if (used.Count == 0)
                {
                    continue;
                }

                var imageLock = ImageLockFile.Read(group.Key) ?? throw PinningErrors.LockMissingToRead(group.Key);
                foreach (var reference in used.Where(r => !imageLock.Images.ContainsKey(r)).Order(StringComparer.Ordinal))
                {
                    // Not pinned yet (or pinned under another name): nothing to compare; say so rather than report "no outdated".
                    await environment.Error.WriteLineAsync($"Warning: {group.Key} does not pin {reference}: run 'dotnet image lock'").ConfigureAwait(false);
                }

                foreach (var (reference, entry) in imageLock.Images.Where(e => used.Contains(e.Key)))
                {
                    pins.Images.TryAdd(reference, entry);
                }
            }

            var bump = parse.GetValue(major) ? VersionBump.Major : parse.GetValue(minor) ? VersionBump.Minor : VersionBump.Patch;
            using var registry = new RegistryClient(global.RegistryOptions(parse, environment));
            var rows = await new OutdatedOperation(registry).ExecuteAsync(pins, bump, cancellationToken).ConfigureAwait(false);

            var outdated = rows.Where(r => r.TagMoved || r.NewerTag is not null).ToList();
            if (outdated.Count == 0)
            {
                await environment.Output.WriteLineAsync($"No outdated base images in {evaluated.Set.Subject}.").ConfigureAwait(false);
                return 0;
            }

            Table.Write(environment.Output, ["IMAGE", "TAG", "PINNED", "TAG NOW", "NEWER TAG"], outdated.Select(r => (IReadOnlyList<string>)
            [
                r.Reference.Repository.ToFamiliarString(),
                r.Reference.Tag!,
                r.Pinned.ShortId,
                r.TagMoved ? r.Current.ShortId : "(unchanged)",
                r.NewerTag ?? "-",
            ]));
            return 0;
        });
        return command;
    }
}
