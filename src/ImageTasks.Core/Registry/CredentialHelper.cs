using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace ImageTasks.Core.Registry;

/// <summary>Runs Docker's <c>docker-credential-NAME get</c> protocol: the server URL on stdin, JSON on stdout.</summary>
internal static class CredentialHelper
{
    public static async Task<RegistryCredential?> GetAsync(string helper, string serverUrl, CancellationToken cancellationToken)
    {
        var program = "docker-credential-" + helper;
        var start = new ProcessStartInfo(program, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new RegistryException($"cannot start credential helper {program}");
        }
        catch (Win32Exception e)
        {
            throw new RegistryException($"credential helper {program} is configured in config.json but could not be run: {e.Message}", innerException: e);
        }

        using (process)
        {
            await process.StandardInput.WriteAsync(serverUrl.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);

            if (process.ExitCode != 0)
            {
                // The protocol's way of saying "no credentials for this server" is a non-zero exit with this text.
                if ((output + error).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                throw new RegistryException($"credential helper {program} failed (exit code {process.ExitCode}): {(output + error).Trim()}");
            }

            var credential = JsonSerializer.Deserialize(output, RegistryJsonContext.Default.HelperCredential);
            return credential is { Username: { Length: > 0 } user, Secret: { } secret } ? new RegistryCredential(user, secret) : null;
        }
    }
}
