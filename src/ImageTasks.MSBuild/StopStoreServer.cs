using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>Stops the store server <see cref="StartStoreServer"/> started, once the container is published.</summary>
public sealed class StopStoreServer : ImageTask
{
    [Required]
    public string Address { get; set; } = "";

    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (BuildEngine4.UnregisterTaskObject(StartStoreServer.TaskObjectKey(Address), RegisteredTaskObjectLifetime.Build) is IDisposable server)
        {
            server.Dispose();
        }

        return Task.CompletedTask;
    }
}
