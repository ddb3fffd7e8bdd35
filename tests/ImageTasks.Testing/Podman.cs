namespace ImageTasks.Testing;

/// <summary>
/// Runs podman as root with a private storage (vfs), no systemd (cgroupfs, file events), so a test gets its own image
/// store and needs no session. Loopback registries are reached with --tls-verify=false by the caller.
/// </summary>
public sealed class Podman : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("podman-").FullName;

    public static bool IsInstalled => ExecutableLookup.Find("podman") is not null;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    public Task<ProcessResult> RunAsync(params string[] args)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("podman is not installed: run build/install-deps.sh or apt-get install -y podman");
        }

        string[] common =
        [
            "--root", Path.Combine(_folder, "root"), "--runroot", Path.Combine(_folder, "run"), "--storage-driver", "vfs",
            "--cgroup-manager", "cgroupfs", "--events-backend", "file",
        ];
        return ProcessRunner.RunAsync("podman", [.. common, .. args], Timeout, CancellationToken.None);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
