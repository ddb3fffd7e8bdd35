using System.Diagnostics;

namespace ImageTasks.Testing;

/// <summary>
/// A private Docker daemon (Debian <c>docker.io</c>) for interop tests: its own data root, exec root and socket under a
/// temp folder, vfs storage (no kernel overlay needed), no networking of its own, and the loopback registries of the
/// tests allowed over plain HTTP. Installs nothing; a missing <c>dockerd</c> is one clear message.
/// </summary>
public sealed class DockerDaemon : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly string _root;

    private DockerDaemon(Process process, string root)
    {
        _process = process;
        _root = root;
    }

    /// <summary>The daemon's socket: <c>unix:///tmp/.../docker.sock</c>.</summary>
    public string Host => $"unix://{Path.Combine(_root, "docker.sock")}";

    private string ClientConfig => Path.Combine(_root, "client");

    public static async Task<DockerDaemon> StartAsync(CancellationToken ct = default)
    {
        var dockerd = ExecutableLookup.Find("dockerd")
            ?? throw new InvalidOperationException("dockerd is not installed: run build/test.sh or apt-get install -y docker.io");
        if (ExecutableLookup.Find("docker") is null)
        {
            throw new InvalidOperationException("the docker client is not installed: run build/test.sh or apt-get install -y docker.io");
        }

        var root = Directory.CreateTempSubdirectory("imagetasks-dockerd-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "client"));
        var info = new ProcessStartInfo(dockerd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--iptables=false", "--ip-forward=false", "--bridge=none", "--storage-driver=vfs",
            "--data-root", Path.Combine(root, "data"), "--exec-root", Path.Combine(root, "exec"),
            "--pidfile", Path.Combine(root, "docker.pid"), "-H", $"unix://{Path.Combine(root, "docker.sock")}",
            "--insecure-registry", "127.0.0.0/8", "--log-level", "error",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dockerd did not start");
        // Drained so a chatty daemon never blocks on a full pipe; kept for the message when it does not come up.
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var daemon = new DockerDaemon(process, root);
        try
        {
            var deadline = DateTime.UtcNow + ReadyTimeout;
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"dockerd exited with {process.ExitCode}: {string.Join(" | ", log.TakeLast(10))}");
                }

                if (File.Exists(Path.Combine(root, "docker.sock")) && (await daemon.RunAsync("version", "--format", "{{.Server.Version}}")).Succeeded)
                {
                    return daemon;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"dockerd did not answer within {ReadyTimeout.TotalSeconds:0} s: {string.Join(" | ", log.TakeLast(10))}");
                }

                await Task.Delay(200, ct);
            }
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>docker -H unix://SOCKET ARGS</c> with a client config of its own (no logins of the machine's).</summary>
    public Task<ProcessResult> RunAsync(params string[] args) =>
        ProcessRunner.RunAsync("docker", ["--config", ClientConfig, "-H", Host, .. args], CommandTimeout, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM lets dockerd stop the containerd it started; a kill is the fallback.
            using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
            {
                await term!.WaitForExitAsync();
            }

            using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(graceful.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // vfs leaves read-only image files behind at times; a temp folder is still a temp folder.
        }
    }
}
