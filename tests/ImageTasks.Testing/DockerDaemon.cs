using System.Diagnostics;

namespace ImageTasks.Testing;

/// <summary>
/// A private Docker daemon (Debian's <c>docker.io</c>) for interop tests: its own data root, exec root and socket under a
/// temp folder, vfs storage, no iptables or bridge (so it needs no network set-up), and loopback registries trusted over
/// plain HTTP. It installs nothing: a missing <c>dockerd</c> fails with the command that installs it. Starting takes a
/// few seconds, so share one per test collection.
/// </summary>
public sealed class DockerDaemon : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _folder;

    private DockerDaemon(Process process, string folder)
    {
        _process = process;
        _folder = folder;
    }

    /// <summary>Per-command limit; a hung command fails the test instead of the whole run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The daemon's socket: <c>unix:///tmp/.../docker.sock</c>.</summary>
    public string Host => $"unix://{Path.Combine(_folder, "docker.sock")}";

    public static async Task<DockerDaemon> StartAsync(CancellationToken ct = default)
    {
        var dockerd = ExecutableLookup.Find("dockerd")
            ?? throw new InvalidOperationException("dockerd is not installed: run build/install-deps.sh or apt-get install -y docker.io");
        if (ExecutableLookup.Find("docker") is null)
        {
            throw new InvalidOperationException("the docker client is not installed: run build/install-deps.sh or apt-get install -y docker.io");
        }

        // A short path: a unix socket's path may not exceed 107 bytes.
        var folder = Directory.CreateTempSubdirectory("dockerd-").FullName;
        var startInfo = new ProcessStartInfo(dockerd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--iptables=false", "--ip-forward=false", "--bridge=none", "--storage-driver=vfs",
            "--data-root", Path.Combine(folder, "data"), "--exec-root", Path.Combine(folder, "exec"),
            "--pidfile", Path.Combine(folder, "docker.pid"), "-H", $"unix://{Path.Combine(folder, "docker.sock")}",
            "--insecure-registry", "127.0.0.0/8",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dockerd did not start");
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var daemon = new DockerDaemon(process, folder);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                await daemon.DisposeAsync();
                throw new InvalidOperationException($"dockerd exited with code {process.ExitCode} while starting: {Tail(log)}");
            }

            if (File.Exists(Path.Combine(folder, "docker.sock")) && (await daemon.RunAsync("version", "--format", "{{.Server.Version}}")).Succeeded)
            {
                return daemon;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                await daemon.DisposeAsync();
                throw new TimeoutException($"dockerd did not answer within {StartTimeout.TotalSeconds:0} s: {Tail(log)}");
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>Runs <c>docker -H unix://SOCKET ARGS</c> with a private client config (no user logins, no contexts).</summary>
    public Task<ProcessResult> RunAsync(params string[] args) =>
        ProcessRunner.RunAsync("docker", ["--config", Path.Combine(_folder, "client"), "-H", Host, .. args], Timeout, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Its own containerd is a child: the whole tree goes.
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A mount the daemon left behind: the temp folder stays, the next boot clears it.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static void Append(System.Text.StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static string Tail(System.Text.StringBuilder log)
    {
        lock (log)
        {
            var text = log.ToString();
            return text.Length > 2000 ? text[^2000..] : text;
        }
    }
}
