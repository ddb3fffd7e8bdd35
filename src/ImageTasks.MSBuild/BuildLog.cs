using System.Collections.Concurrent;
using ImageTasks.Core.Operations.Lock;
using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>
/// Where a task's work reports: straight to the build's log when it runs in the task, or recorded when it runs on a
/// thread of its own (<see cref="BaseImagesJob"/>): MSBuild's logger may be called only by a running task, so what a
/// background job says is replayed by the task that waits for it.
/// </summary>
internal interface IBuildLog
{
    bool HasErrors { get; }

    void Diagnostic(PinDiagnostic diagnostic);

    void Message(MessageImportance importance, string text);
}

/// <summary>The running task's own log.</summary>
internal sealed class TaskBuildLog(ImageTask task) : IBuildLog
{
    public bool HasErrors => task.Log.HasLoggedErrors;

    public void Diagnostic(PinDiagnostic diagnostic) => task.LogDiagnostic(diagnostic);

    public void Message(MessageImportance importance, string text) => task.Log.LogMessage(importance, text);
}

/// <summary>
/// What a background job said, in order, for the task that waits for it to replay. Its errors are the diagnostics that
/// are errors: a warning that -warnaserror makes an error counts only when replayed (the job then verifies and pulls
/// on, and the build fails at the replay).
/// </summary>
internal sealed class RecordedBuildLog : IBuildLog
{
    private readonly ConcurrentQueue<Action<IBuildLog>> _entries = new();
    private volatile bool _hasErrors;

    public bool HasErrors => _hasErrors;

    public void Diagnostic(PinDiagnostic diagnostic)
    {
        if (diagnostic.IsError)
        {
            _hasErrors = true;
        }

        _entries.Enqueue(log => log.Diagnostic(diagnostic));
    }

    public void Message(MessageImportance importance, string text) => _entries.Enqueue(log => log.Message(importance, text));

    public void ReplayTo(IBuildLog log)
    {
        while (_entries.TryDequeue(out var entry))
        {
            entry(log);
        }
    }
}
