using System.Diagnostics;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.MSBuild;

/// <summary>
/// The store served to the SDK's container tasks by a child process (ImageTasks.ServeHost, shipped beside the tasks),
/// with the SDK told to speak plain HTTP to it. Disposing it stops the server and gives the SDK its setting back. The
/// build registers it for the build's lifetime, so a failed publish stops it too; a build that dies closes its standard
/// input, which stops it as well.
/// </summary>
internal sealed class StoreServerProcess : IDisposable
{
    /// <summary>The SDK's list of host:port registries it reaches over plain HTTP (it speaks TLS even to 127.0.0.1 otherwise).</summary>
    internal const string InsecureRegistriesVariable = "DOTNET_CONTAINER_INSECURE_REGISTRIES";

    /// <summary>The SDK splits the list on semicolons (a comma would join the user's registry and ours into one name).</summary>
    private const char InsecureRegistriesSeparator = ';';

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;

    private StoreServerProcess(Process process, string address)
    {
        _process = process;
        Address = address;
        AllowPlainHttp(address);
    }

    /// <summary>Tells the SDK's container tasks in this process to speak plain HTTP to <paramref name="address"/>.</summary>
    internal static void AllowPlainHttp(string address)
    {
        var insecure = Environment.GetEnvironmentVariable(InsecureRegistriesVariable);
        if (!(insecure ?? "").Split(InsecureRegistriesSeparator).Contains(address))
        {
            Environment.SetEnvironmentVariable(InsecureRegistriesVariable, string.IsNullOrEmpty(insecure) ? address : $"{insecure}{InsecureRegistriesSeparator}{address}");
        }
    }

    /// <summary>The loopback address the server bound: <c>127.0.0.1:PORT</c>.</summary>
    public string Address { get; }

    /// <summary>Starts the server on a free loopback port of <paramref name="storeRoot"/> and waits for its address.</summary>
    /// <param name="baseImage">the image being served, for messages</param>
    public static async Task<StoreServerProcess> StartAsync(string storeRoot, string baseImage, CancellationToken cancellationToken)
    {
        // tasks/net10.0/serve/: beside the IL tasks, one folder up from the ReadyToRun ones (tasks/net10.0/RID/).
        var tasks = Path.GetDirectoryName(typeof(StoreServerProcess).Assembly.Location)!;
        var host = Path.Combine(tasks, "serve", "ImageTasks.ServeHost.dll");
        if (!File.Exists(host))
        {
            host = Path.Combine(Path.GetDirectoryName(tasks)!, "serve", "ImageTasks.ServeHost.dll");
        }

        if (!File.Exists(host))
        {
            throw ServeErrors.OfflinePublishUnserved(baseImage, $"{host} is missing: reinstall the ImageTasks package");
        }

        var dotnet = Core.IO.DotnetHost.Executable;
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { host, storeRoot, "127.0.0.1:0" },
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{dotnet} did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw ServeErrors.OfflinePublishUnserved(baseImage, $"cannot run {dotnet}: {Failures.Describe(e)}");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            string? line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw ServeErrors.OfflinePublishUnserved(baseImage, $"the server did not start within {StartTimeout.TotalSeconds:0} s");
            }

            if (string.IsNullOrEmpty(line))
            {
                var error = (await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Trim();
                throw ServeErrors.OfflinePublishUnserved(baseImage, error.Length > 0 ? error.ReplaceLineEndings(" ") : "the server exited without a word");
            }

            return new StoreServerProcess(process, line.Trim());
        }
        catch
        {
            Stop(process);
            throw;
        }
    }

    public void Dispose()
    {
        // Only this server's address goes: another offline publish in the same MSBuild node may have added its own since.
        var others = (Environment.GetEnvironmentVariable(InsecureRegistriesVariable) ?? "")
            .Split(InsecureRegistriesSeparator, StringSplitOptions.RemoveEmptyEntries).Where(a => a != Address);
        Environment.SetEnvironmentVariable(InsecureRegistriesVariable, string.Join(InsecureRegistriesSeparator, others) is { Length: > 0 } rest ? rest : null);
        Stop(_process);
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.Close();
                if (!process.WaitForExit(StopTimeout))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }
}
