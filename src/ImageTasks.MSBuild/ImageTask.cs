using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace ImageTasks.MSBuild;

/// <summary>
/// What every ImageTasks task shares: the store, the registry settings, cancellation, and IMGnnnn diagnostics logged
/// against the project file. Tasks only translate items and properties into an operation's options.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild never disposes tasks; the source lives for one Execute and is disposed there.")]
public abstract class ImageTask : MSBuildTask, ICancelableTask
{
    /// <summary>How a build shows what an internal error hides: MSBuild prints low-importance messages at detailed verbosity.</summary>
    internal const string DetailsHint = "build with -v:detailed for details";

    private CancellationTokenSource? _cancel;

    /// <summary>The store folder (ImageStorePath); empty means IMAGETASKS_HOME or the user's data folder.</summary>
    public string? StorePath { get; set; }

    /// <summary>
    /// Seconds a registry may take to answer, and a body may go without a byte (ImageTimeout); empty means
    /// IMAGETASKS_TIMEOUT, else 30.
    /// </summary>
    public string? Timeout { get; set; }

    /// <summary>
    /// Registry mirrors (ImageRegistryMirrors: <c>REGISTRY=URL[,URL];...</c>, bare URLs for docker.io); empty means
    /// IMAGETASKS_REGISTRY_MIRRORS, else the registry-mirrors of Docker's daemon.json.
    /// </summary>
    public string? RegistryMirrors { get; set; }

    /// <summary>The project the diagnostics are about (MSBuildProjectFullPath); without it they point at the targets file.</summary>
    public string? ProjectPath { get; set; }

    public void Cancel() => _cancel?.Cancel();

    public sealed override bool Execute()
    {
        using var cancel = new CancellationTokenSource();
        _cancel = cancel;
        try
        {
            ExecuteAsync(cancel.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Log.LogWarning("ImageTasks: cancelled");
        }
        catch (Exception e)
        {
            // Whatever escapes an operation (a refused write of the lock, a bug) is one coded line, never MSB4018's
            // stack trace; the trace is there at -v:detailed for whoever needs it.
            var failure = Failures.Classify(e, DetailsHint);
            LogDiagnostic(PinDiagnostic.From(failure));
            Log.LogMessage(MessageImportance.Low, $"ImageTasks: {failure.Code.Id} detail: {e}");
        }

        return !Log.HasLoggedErrors;
    }

    protected abstract Task ExecuteAsync(CancellationToken cancellationToken);

    internal ImageStore OpenStore() => new(StoreFolder());

    internal RegistryClient OpenRegistry() => new(RegistrySettings());

    /// <summary>
    /// The store and registry settings, read now: from the task's own thread, since MSBuild switches the process
    /// environment between the projects a node builds, and work on a thread of its own must not read it later.
    /// </summary>
    internal ImageTaskSettings ReadSettings() => new(StoreFolder(), RegistrySettings());

    private string StoreFolder() =>
        string.IsNullOrWhiteSpace(StorePath) ? StoreLocation.Resolve(Environment.GetEnvironmentVariable) : StorePath;

    private RegistryOptions RegistrySettings() =>
        RegistryOptions.FromEnvironment(Environment.GetEnvironmentVariable, RegistryMirrors).WithTimeout(RegistryOptions.ParseTimeout(Timeout, "ImageTimeout"));

    /// <summary>This task's own log, for work that reports through <see cref="IBuildLog"/>.</summary>
    internal IBuildLog BuildLog => new TaskBuildLog(this);

    internal void LogDiagnostic(PinDiagnostic diagnostic)
    {
        var file = string.IsNullOrEmpty(ProjectPath) ? BuildEngine?.ProjectFileOfTaskNode : ProjectPath;
        if (diagnostic.IsError)
        {
            Log.LogError(null, diagnostic.Code.Id, null, null, file, 0, 0, 0, 0, diagnostic.Message);
        }
        else
        {
            Log.LogWarning(null, diagnostic.Code.Id, null, null, file, 0, 0, 0, 0, diagnostic.Message);
        }
    }
}

/// <summary>A task's store folder and registry settings, as read on its own thread (<see cref="ImageTask.ReadSettings"/>).</summary>
internal sealed record ImageTaskSettings(string StoreFolder, RegistryOptions Registry)
{
    public ImageStore OpenStore() => new(StoreFolder);

    public RegistryClient OpenRegistry() => new(Registry);
}
