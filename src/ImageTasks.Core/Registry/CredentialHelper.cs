using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Registry;

/// <summary>
/// Docker's <c>docker-credential-NAME</c> protocol: <c>get</c> (server URL on stdin, JSON on stdout), <c>store</c> (JSON
/// <c>{"ServerURL","Username","Secret"}</c> on stdin) and <c>erase</c> (server URL on stdin).
/// </summary>
internal static class CredentialHelper
{
    /// <summary>The protocol's way of saying "no credentials for this server": a non-zero exit with this text.</summary>
    private const string NotFound = "credentials not found";

    public static async Task<RegistryCredential?> GetAsync(string helper, string serverUrl, CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await RunAsync(helper, "get", serverUrl, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            return (output + error).Contains(NotFound, StringComparison.OrdinalIgnoreCase) ? null : throw Failed(helper, exitCode, output + error);
        }

        var credential = JsonSerializer.Deserialize(output, RegistryJsonContext.Default.HelperCredential);
        return credential is { Username: { Length: > 0 } user, Secret: { } secret } ? new RegistryCredential(user, secret) : null;
    }

    public static async Task StoreAsync(string helper, string serverUrl, RegistryCredential credential, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(
            new HelperCredential { ServerUrl = serverUrl, Username = credential.Username, Secret = credential.Secret },
            RegistryJsonContext.Default.HelperCredential);
        var (exitCode, output, error) = await RunAsync(helper, "store", json, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            // Docker's wording; what the helper prints is its own message, never the secret we sent it.
            throw new RegistryException(DiagnosticCodes.LoginFailed, $"Error saving credentials: error storing credentials - err: exit status {exitCode}, out: `{(output + error).Trim()}`");
        }
    }

    /// <returns>false when the helper had no credentials for the server</returns>
    public static async Task<bool> EraseAsync(string helper, string serverUrl, CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await RunAsync(helper, "erase", serverUrl, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            return (output + error).Contains(NotFound, StringComparison.OrdinalIgnoreCase) ? false : throw Failed(helper, exitCode, output + error);
        }

        return true;
    }

    private static RegistryException Failed(string helper, int exitCode, string output) =>
        new(DiagnosticCodes.LoginFailed, $"credential helper docker-credential-{helper} failed (exit code {exitCode}): {output.Trim()}");

    /// <returns>the exit code, stdout and stderr (helpers print their errors on either)</returns>
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string helper, string action, string input, CancellationToken cancellationToken)
    {
        var program = "docker-credential-" + helper;
        var start = new ProcessStartInfo(program, action)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new RegistryException(DiagnosticCodes.LoginFailed, $"cannot start credential helper {program}");
        }
        catch (Win32Exception e)
        {
            throw new RegistryException(DiagnosticCodes.LoginFailed, $"credential helper {program} is configured in config.json but could not be run: {e.Message}", e);
        }

        using (process)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
    }
}
