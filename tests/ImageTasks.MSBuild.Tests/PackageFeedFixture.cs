using System.Diagnostics;
using System.Reflection;
using ImageTasks.Testing;

namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// The ImageTasks package packed into a temporary local feed, a private NUGET_PACKAGES folder, and a registry seeded
/// with the standard images: what the generated projects build against.
/// </summary>
public sealed class PackageFeedFixture : IAsyncLifetime
{
    // Test classes run in parallel, each with its own fixture; two packs at once would write the same obj/ folders
    // (the pack publishes the ReadyToRun tasks), so they take turns.
    private static readonly SemaphoreSlim PackOneAtATime = new(1, 1);

    private RegistryProcess? _registry;
    private StandardSeed? _seed;

    public string Root { get; } = Directory.CreateTempSubdirectory("imagetasks-msbuild-").FullName;

    public string Feed => Path.Combine(Root, "feed");

    public string Packages => Path.Combine(Root, "packages");

    public RegistryProcess Registry => _registry ?? throw new InvalidOperationException("not started");

    public StandardSeed Seed => _seed ?? throw new InvalidOperationException("not started");

    public static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ImageTasks.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("cannot find ImageTasks.sln above " + AppContext.BaseDirectory);
        }
    }

    public async Task InitializeAsync()
    {
        var configuration = typeof(PackageFeedFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Configuration").Value!;
        (int ExitCode, string Output) pack;
        await PackOneAtATime.WaitAsync();
        try
        {
            pack = await Dotnet.RunAsync(RepositoryRoot, new Dictionary<string, string?>(),
                "pack", "src/ImageTasks.MSBuild", "--no-build", "-c", configuration, "-o", Feed, "-nologo");
        }
        finally
        {
            PackOneAtATime.Release();
        }

        Assert.True(pack.ExitCode == 0, "dotnet pack failed: " + pack.Output);
        _registry = await RegistryProcess.StartAsync();
        _seed = await StandardSeed.SeedAsync(_registry);
    }

    public async Task DisposeAsync()
    {
        _seed?.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>Runs the dotnet CLI with a clean, isolated MSBuild: no node reuse, no build server.</summary>
public static class Dotnet
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The test host's own build settings must not leak into the generated projects' builds.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "VSTEST_HOST_DEBUG" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
