namespace ImageTasks.Testing;

/// <summary>
/// Runs skopeo against test registries, mostly to seed through a second, independent client.
/// Registries here are plain HTTP, so the helpers always pass the tls-verify=false flags, and
/// --insecure-policy so a machine without /etc/containers/policy.json still works.
/// </summary>
public sealed class Skopeo
{
    public static bool IsInstalled => ExecutableLookup.Find("skopeo") is not null;

    /// <summary>Per-command limit; a hung copy fails the test instead of the whole run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    public Task<ProcessResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public Task<ProcessResult> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("skopeo is not installed: run build/test.sh or apt-get install -y skopeo");
        }

        return ProcessRunner.RunAsync("skopeo", args, Timeout, cancellationToken);
    }

    /// <summary>
    /// skopeo copy oci:DIR:TAG docker://DESTINATION. The layout must hold OCI-typed manifests
    /// (skopeo 1.9 does not resolve Docker-typed descriptors there; use <see cref="CopyDirToRegistryAsync"/>).
    /// <paramref name="destination"/> is "HOST/NAME:TAG", with or without "docker://".
    /// </summary>
    public async Task<ProcessResult> CopyOciDirToRegistryAsync(
        string ociLayoutDir,
        string tag,
        string destination,
        string? credentials = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(CopyArguments($"oci:{ociLayoutDir}:{tag}", destination, credentials), cancellationToken);
        return result.EnsureSuccess($"skopeo copy oci:{ociLayoutDir}:{tag} to {destination}");
    }

    /// <summary>skopeo copy dir:DIR docker://DESTINATION, for Docker-typed images written by <see cref="ImageLayouts.WriteSkopeoDirAsync"/>.</summary>
    public async Task<ProcessResult> CopyDirToRegistryAsync(
        string dir,
        string destination,
        string? credentials = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(CopyArguments($"dir:{dir}", destination, credentials), cancellationToken);
        return result.EnsureSuccess($"skopeo copy dir:{dir} to {destination}");
    }

    /// <summary>skopeo inspect --raw of a plain-http registry reference; returns the manifest text exactly as served.</summary>
    public async Task<string> InspectRawAsync(string reference, string? credentials = null, CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "inspect", "--tls-verify=false", "--raw" };
        if (credentials is not null)
        {
            args.Add("--creds");
            args.Add(credentials);
        }

        args.Add(DockerReference(reference));
        var result = await RunAsync(args, cancellationToken);
        return result.EnsureSuccess($"skopeo inspect --raw {reference}").StandardOutput;
    }

    private static List<string> CopyArguments(string source, string destination, string? credentials)
    {
        var args = new List<string> { "--insecure-policy", "copy", "--dest-tls-verify=false" };
        if (credentials is not null)
        {
            args.Add("--dest-creds");
            args.Add(credentials);
        }

        args.Add(source);
        args.Add(DockerReference(destination));
        return args;
    }

    private static string DockerReference(string reference) =>
        reference.StartsWith("docker://", StringComparison.Ordinal) ? reference : "docker://" + reference;
}
