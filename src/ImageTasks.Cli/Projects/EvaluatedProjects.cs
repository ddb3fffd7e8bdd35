using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Lock;

namespace ImageTasks.Cli.Projects;

/// <summary>
/// The projects a command names (PROJECT | DIR | SOLUTION), each evaluated by MSBuild, grouped by the lock file that
/// pins their images. In a solution, projects without the ImageTasks package are left out; one project without it is
/// an error (IMG1022).
/// </summary>
internal sealed record EvaluatedProjects(ProjectSet Set, IReadOnlyList<ProjectImages> Projects)
{
    /// <summary>Two evaluations at once: each is a dotnet msbuild process, and the machine's cores are shared with them.</summary>
    private const int Concurrency = 2;

    public static async Task<EvaluatedProjects> LoadAsync(string? argument, IReadOnlyList<string> msbuildArguments, CancellationToken cancellationToken)
    {
        var set = await ProjectPaths.ResolveAsync(argument, cancellationToken).ConfigureAwait(false);
        var evaluator = new ProjectEvaluator(msbuildArguments);
        var results = new ProjectImages?[set.Projects.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, set.Projects.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await evaluator.EvaluateAsync(set.Projects[i], token).ConfigureAwait(false)).ConfigureAwait(false);

        if (set.Solution is null && results[0] is null)
        {
            throw EvaluationErrors.NoBuildIntegration(set.Projects[0]);
        }

        return new EvaluatedProjects(set, results.OfType<ProjectImages>().ToList());
    }

    /// <summary>The projects by lock file, in the order the lock files are first met.</summary>
    public IEnumerable<IGrouping<string, ProjectImages>> ByLockFile() =>
        Projects.GroupBy(p => p.LockFilePath, StringComparer.Ordinal);

    /// <summary>
    /// Whether every project that writes to this lock file was evaluated, so an entry none of them names is no longer
    /// used: true for a solution, and for a lock beside its only project (the default). A lock a single project shares
    /// with others elsewhere (ImageLockFile in Directory.Build.props), or with another project in its folder, keeps the
    /// entries this run did not see: the same rule as the build's (<see cref="LockOwnership.IsProjectsOwn"/>).
    /// </summary>
    public bool CoversWholeLock(IGrouping<string, ProjectImages> group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Set.Solution is not null || group.All(p => LockOwnership.IsProjectsOwn(p.LockFilePath, p.ProjectPath));
    }
}
