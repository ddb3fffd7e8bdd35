using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>
/// Base image work running beside the build (<see cref="BeginBaseImages"/>), registered with the build engine until
/// <see cref="CompleteBaseImages"/> takes it. A build that ends before that (a compile error, Ctrl+C) disposes it: the
/// work is cancelled and waited for up to 5 seconds; whatever is still running then is cut off with the process, which
/// the store survives as it survives a killed pull (temp files swept, names given only to verified content). What the
/// work says is recorded, for the waiting task to log; a build that ends early never shows it.
/// </summary>
internal sealed class BaseImagesJob : IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _cancel = new();
    private readonly Task<ITaskItem[]> _work;

    public BaseImagesJob(Func<IBuildLog, CancellationToken, Task<ITaskItem[]>> work)
    {
        var token = _cancel.Token;
        _work = Task.Run(() => work(Log, token), token);
    }

    public RecordedBuildLog Log { get; } = new();

    public static string NewKey() => "ImageTasks.BaseImages:" + Guid.NewGuid().ToString("N");

    /// <summary>The job's result; an exception from the work is thrown here, for the waiting task to report.</summary>
    public async Task<ITaskItem[]> WaitAsync(CancellationToken cancellationToken)
    {
        using var link = cancellationToken.Register(_cancel.Cancel);
        return await _work.ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!_work.IsCompleted)
        {
            _cancel.Cancel();
            try
            {
                _work.Wait(DisposeWait);
            }
            catch (AggregateException)
            {
                // Cancelled or failed: nobody is left to report it to.
            }
        }

        _cancel.Dispose();
    }
}
