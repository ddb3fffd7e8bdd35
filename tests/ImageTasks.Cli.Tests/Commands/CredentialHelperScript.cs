namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// A working <c>docker-credential-imagetasks-test</c> (get, store, erase over files in its own folder), put first on PATH
/// so the tool finds it the way it finds Docker's real helpers. It speaks the protocol; no test code answers for it.
/// </summary>
public sealed class CredentialHelperScript : IDisposable
{
    public const string Name = "imagetasks-test";

    private const string Script =
        """
        #!/bin/sh
        dir="$(dirname "$0")/secrets"
        mkdir -p "$dir"
        input="$(cat)"
        case "$1" in
          store)
            url="$(printf '%s' "$input" | sed -n 's/.*"ServerURL":"\([^"]*\)".*/\1/p')"
            printf '%s' "$input" > "$dir/$(printf '%s' "$url" | tr -c 'A-Za-z0-9' '_')" ;;
          get)
            file="$dir/$(printf '%s' "$input" | tr -c 'A-Za-z0-9' '_')"
            if [ -f "$file" ]; then cat "$file"; else echo "credentials not found in native keychain"; exit 1; fi ;;
          erase)
            file="$dir/$(printf '%s' "$input" | tr -c 'A-Za-z0-9' '_')"
            if [ -f "$file" ]; then rm "$file"; else echo "credentials not found in native keychain"; exit 1; fi ;;
          *) exit 2 ;;
        esac
        """;

    private readonly string? _previousPath;

    public CredentialHelperScript()
    {
        Folder = Directory.CreateTempSubdirectory("imagetasks-helper-").FullName;
        var path = Path.Combine(Folder, "docker-credential-" + Name);
        File.WriteAllText(path, Script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows()) // a shell script: the registry tests run on Unix only
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _previousPath = Environment.GetEnvironmentVariable("PATH");
        // Process-wide, but harmless to other tests: the folder holds only this one uniquely named program.
        Environment.SetEnvironmentVariable("PATH", Folder + Path.PathSeparator + _previousPath);
    }

    public string Folder { get; }

    /// <summary>The secrets the helper holds, one file per server URL.</summary>
    public IReadOnlyList<string> StoredSecrets() =>
        Directory.Exists(Path.Combine(Folder, "secrets")) ? Directory.GetFiles(Path.Combine(Folder, "secrets")).Select(File.ReadAllText).ToList() : [];

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _previousPath);
        Directory.Delete(Folder, recursive: true);
    }
}
