using System.Diagnostics;

namespace ImageTasks.Cli.Tests.Reliability;

/// <summary>
/// <c>dotnet image</c> as a real process (dotnet dotnet-image.dll) over a given store: what a signal or a kill needs,
/// which an in-process run cannot give.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private CliProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static CliProcess Start(string store, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["IMAGETASKS_HOME"] = store;
        info.Environment["DOCKER_CONFIG"] = Path.Combine(store, "no-docker-config");
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        return new CliProcess(process);
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string store, params string[] args)
    {
        using var process = Start(store, args);
        return await process.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL: no handler runs, nothing is cleaned up (what a crash or the OOM killer does).</summary>
    public void Kill() => _process.Kill();

    /// <summary>Sends SIGTERM, as docker stop or a CI timeout would.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }

    public async Task<(int ExitCode, string Output, string Error)> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet image did not finish within {timeout.TotalSeconds:0} s");
        }

        return (_process.ExitCode, await _output, await _error);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
