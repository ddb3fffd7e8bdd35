namespace ImageTasks.Core.Tests.Operations;

/// <summary>
/// A <c>docker-credential-NAME</c> script that answers <c>get</c> with fixed credentials and logs the server URL it was
/// asked for, in a temp folder put first on PATH (as an installed helper would be found) until disposed. PATH belongs
/// to the whole test process, so only prepending is done: programs other tests start are still found meanwhile.
/// </summary>
internal sealed class FakeCredentialHelper : IDisposable
{
    private readonly string _directory;
    private readonly string? _savedPath;

    public FakeCredentialHelper(string name, string username, string secret)
    {
        Name = name;
        _directory = Directory.CreateTempSubdirectory("credential-helper-").FullName;
        var script = Path.Combine(_directory, "docker-credential-" + name);

        // The protocol: the action is the argument, the server URL comes on stdin (without a newline from some
        // clients, so `read` may return non-zero yet still fill the variable), JSON goes to stdout.
        File.WriteAllText(script, $$"""
            #!/bin/sh
            [ "$1" = get ] || { echo "unsupported action: $1" >&2; exit 1; }
            read -r server
            printf '%s\n' "$server" >> "{{LogPath}}"
            printf '{"ServerURL":"%s","Username":"{{username}}","Secret":"{{secret}}"}\n' "$server"

            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _savedPath = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", _directory + Path.PathSeparator + _savedPath);
    }

    /// <summary>The NAME in docker-credential-NAME, as config.json names the helper.</summary>
    public string Name { get; }

    /// <summary>The server URLs <c>get</c> was asked for, one per call.</summary>
    public IReadOnlyList<string> Requests => File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];

    private string LogPath => Path.Combine(_directory, "requests.log");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _savedPath);
        Directory.Delete(_directory, recursive: true);
    }
}
