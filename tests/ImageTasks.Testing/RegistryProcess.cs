using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ImageTasks.Testing;

/// <summary>
/// A real distribution registry ("docker-registry serve") on a free 127.0.0.1 port with its
/// own temp storage, optional htpasswd Basic auth or token auth, and its output captured to a log file so
/// tests can count the requests the registry actually received.
/// </summary>
public sealed partial class RegistryProcess : IAsyncDisposable
{
    public const string NotInstalledMessage =
        "docker-registry is not installed: run build/test.sh or apt-get install -y docker-registry";

    // The fixture's own requests (readiness probes, log flushes) carry this in their query so
    // they never show up in request counts.
    private const string FixtureMarker = "imagetasks-fixture-";
    private const string FlushMarker = FixtureMarker + "flush";
    private const string ProbeMarker = FixtureMarker + "probe";
    private const int PortAttempts = 5;

    // Runs the registry as a child of a tiny shell that also watches our stdin pipe: when we
    // close it (stop) or the test host dies without disposing us, the pipe closes and the
    // registry is killed and reaped instead of leaking a process that holds a port.
    // $0 = registry program, $1 = config file.
    private const string Supervisor =
        """
        exec 3<&0
        "$0" serve "$1" &
        child=$!
        ( read -r _ <&3; kill "$child" 2>/dev/null ) &
        watchdog=$!
        wait "$child"
        status=$?
        kill "$watchdog" 2>/dev/null
        exit "$status"
        """;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private readonly string _root;
    private readonly RegistryProcessOptions _options;
    private bool _stopped;
    private bool _logClosed;
    private string? _finalLog;

    private RegistryProcess(Process process, StreamWriter log, string root, int port, RegistryProcessOptions options)
    {
        _process = process;
        _log = log;
        _root = root;
        _options = options;
        Port = port;
        Username = options.Username;
        Password = options.Password;
        TokenAuth = options.TokenAuth;
    }

    public int Port { get; }

    /// <summary>"127.0.0.1:PORT", the form used in image references.</summary>
    public string Host => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>http://127.0.0.1:PORT/ (https with <see cref="RegistryProcessOptions.Tls"/>)</summary>
    public Uri BaseUri => new($"{(_options.Tls is null ? "http" : "https")}://{Host}/");

    public string StorageDirectory => Path.Combine(_root, "storage");

    public string ConfigPath => Path.Combine(_root, "config.yml");

    public string LogPath => Path.Combine(_root, "registry.log");

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>The token-auth settings the registry runs with, or null.</summary>
    public RegistryTokenAuth? TokenAuth { get; }

    /// <summary>The Basic Authorization header for the configured credentials, or null without auth.</summary>
    public AuthenticationHeaderValue? Authorization =>
        Username is null ? null : BasicAuthorization(Username, Password ?? string.Empty);

    public static AuthenticationHeaderValue BasicAuthorization(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    public static Task<RegistryProcess> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new RegistryProcessOptions(), cancellationToken);

    /// <summary>Starts a registry and waits until GET /v2/ answers.</summary>
    public static async Task<RegistryProcess> StartAsync(RegistryProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var executable = ExecutableLookup.Find(options.Executable)
            ?? throw new InvalidOperationException(NotInstalledMessage);

        for (var attempt = 1; ; attempt++)
        {
            var registry = await LaunchAsync(executable, options, cancellationToken);
            try
            {
                await registry.WaitUntilReadyAsync(options.ReadyTimeout, cancellationToken);
                return registry;
            }
            catch (RegistryPortTakenException) when (attempt < PortAttempts)
            {
                // Another process took the port between probing and binding; pick a new one.
                await registry.DisposeAsync();
            }
            catch
            {
                await registry.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Everything the registry printed so far.</summary>
    public string LogText()
    {
        lock (_logGate)
        {
            // After stop the file is gone; the text was kept so failure messages still work.
            return _finalLog ?? ReadLogFile();
        }
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string LogTail(int lines = 30)
    {
        var all = LogText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>The access-log lines written so far (the fixture's own probe and flush requests excluded).</summary>
    public IReadOnlyList<AccessLogEntry> AccessLog()
    {
        var entries = new List<AccessLogEntry>();
        foreach (var line in LogText().Split('\n'))
        {
            var match = AccessLine().Match(line);
            if (!match.Success || match.Groups["uri"].Value.Contains(FixtureMarker, StringComparison.Ordinal))
            {
                continue;
            }

            var bytes = match.Groups["bytes"].Value;
            entries.Add(new AccessLogEntry(
                match.Groups["method"].Value,
                match.Groups["uri"].Value,
                int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture),
                bytes == "-" ? 0 : long.Parse(bytes, CultureInfo.InvariantCulture),
                match.Groups["agent"].Value));
        }

        return entries;
    }

    /// <summary>
    /// Requests already in the access log with this method whose URI contains
    /// <paramref name="pathContains"/>. The registry writes the line just after answering, so
    /// use <see cref="CountRequestsAsync"/> (or <see cref="FlushAccessLogAsync"/> first) when a
    /// request has only just completed.
    /// </summary>
    public int CountRequests(string method, string pathContains) =>
        AccessLog().Count(e =>
            string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase)
            && e.Uri.Contains(pathContains, StringComparison.Ordinal));

    public async Task<int> CountRequestsAsync(string method, string pathContains, CancellationToken cancellationToken = default)
    {
        await FlushAccessLogAsync(cancellationToken);
        return CountRequests(method, pathContains);
    }

    /// <summary>
    /// Sends a marker request and waits until its access-log line appears, so lines of requests
    /// that finished before the call are (in practice) written too. Marker lines are never counted.
    /// </summary>
    public async Task FlushAccessLogAsync(CancellationToken cancellationToken = default)
    {
        var marker = $"{FlushMarker}={Guid.NewGuid():N}";
        using (var client = CreateClient(authenticated: false))
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/?{marker}");
            using var response = await client.SendAsync(request, cancellationToken);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!LogText().Contains(marker, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The registry access log never showed the flush request.{Environment.NewLine}{LogTail()}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>An HttpClient on <see cref="BaseUri"/>, sending the Basic credentials unless told not to.</summary>
    public HttpClient CreateClient(bool authenticated = true)
    {
        var client = new HttpClient(_options.Tls?.CreateHandler() ?? new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = BaseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (authenticated && Authorization is { } authorization)
        {
            client.DefaultRequestHeaders.Authorization = authorization;
        }

        return client;
    }

    /// <summary>A seeder pushing to this registry with its credentials.</summary>
    public RegistrySeeder CreateSeeder() => TokenAuth is null
        ? new(BaseUri, Username, Password, _options.Tls?.CreateHandler())
        : throw new InvalidOperationException("This registry uses token auth: pushes need a token, so create the seeder with TokenServer.CreateSeeder(registry.BaseUri).");

    /// <summary>Kills the registry and deletes its config, storage and log.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            // Closing stdin is the supervisor's stop signal: it kills the registry and reaps it,
            // so no orphan is left for init. Killing the tree is only the fallback.
            _process.StandardInput.Close();
            using (var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                try
                {
                    await _process.WaitForExitAsync(graceful.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            // The process already exited (and its stdin pipe with it).
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in time; still clean up the files below.
        }
        finally
        {
            lock (_logGate)
            {
                _logClosed = true;
                _log.Dispose();
                _finalLog = ReadLogFile();
            }

            _process.Dispose();
            TryDelete(_root);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<RegistryProcess> LaunchAsync(string executable, RegistryProcessOptions options, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("imagetasks-registry-").FullName;
        try
        {
            var port = FreePort.Next();
            Directory.CreateDirectory(Path.Combine(root, "storage"));
            string? htpasswdPath = null;
            if (options.UsesAuth)
            {
                htpasswdPath = Path.Combine(root, "htpasswd");
                await File.WriteAllTextAsync(
                    htpasswdPath,
                    await HtpasswdEntryAsync(options.Username ?? string.Empty, options.Password ?? string.Empty, cancellationToken),
                    cancellationToken);
            }

            string? bundlePath = null;
            if (options.TokenAuth is { } tokenAuth)
            {
                bundlePath = Path.Combine(root, "token-rootcerts.pem");
                await File.WriteAllTextAsync(bundlePath, tokenAuth.RootCertificateBundlePem, cancellationToken);
            }

            var configPath = Path.Combine(root, "config.yml");
            await File.WriteAllTextAsync(configPath, Config(root, port, htpasswdPath, options.TokenAuth, bundlePath, options.Tls, options.ProxyRemoteUrl), cancellationToken);

            var startInfo = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = root,
            };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(Supervisor);
            startInfo.ArgumentList.Add(executable);
            startInfo.ArgumentList.Add(configPath);

            // Every REGISTRY_* variable overrides the config (and unknown ones make the registry
            // refuse to start), so none may leak in from the test environment.
            foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("REGISTRY_", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                startInfo.Environment.Remove(key);
            }

            var logStream = new FileStream(Path.Combine(root, "registry.log"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            var log = new StreamWriter(logStream, new UTF8Encoding(false)) { AutoFlush = true };
            var process = new Process { StartInfo = startInfo };
            var registry = new RegistryProcess(process, log, root, port, options);
            process.OutputDataReceived += (_, e) => registry.AppendLog(e.Data);
            process.ErrorDataReceived += (_, e) => registry.AppendLog(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return registry;
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    private static async Task<string> HtpasswdEntryAsync(string username, string password, CancellationToken cancellationToken)
    {
        if (ExecutableLookup.Find("htpasswd") is null)
        {
            throw new InvalidOperationException("htpasswd is not installed: run build/test.sh or apt-get install -y apache2-utils");
        }

        // distribution only accepts bcrypt entries, hence -B.
        var result = await ProcessRunner.RunAsync("htpasswd", ["-Bbn", username, password], TimeSpan.FromSeconds(30), cancellationToken);
        return result.EnsureSuccess("htpasswd -Bbn").StandardOutput.Trim() + "\n";
    }

    private static string Config(string root, int port, string? htpasswdPath, RegistryTokenAuth? tokenAuth, string? bundlePath, RegistryTls? tls, Uri? proxyRemoteUrl)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"""
            version: 0.1
            log:
              level: info
              formatter: text
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: {Quote(Path.Combine(root, "storage"))}
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{port}
              secret: {secret}

            """);
        if (tls is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"""
                  tls:
                    certificate: {Quote(tls.ServerCertificatePath)}
                    key: {Quote(tls.ServerKeyPath)}

                """);
            if (tls.RequireClientCertificate)
            {
                builder.Append(CultureInfo.InvariantCulture, $"""
                        clientcas:
                          - {Quote(tls.AuthorityPath)}

                    """);
            }
        }

        if (htpasswdPath is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"""
                auth:
                  htpasswd:
                    realm: imagetasks-test
                    path: {Quote(htpasswdPath)}

                """);
        }

        if (tokenAuth is not null)
        {
            // All four keys are required; the registry only verifies the JWTs clients bring, it never calls the realm.
            builder.Append(CultureInfo.InvariantCulture, $"""
                auth:
                  token:
                    realm: {Quote(tokenAuth.Realm.ToString())}
                    service: {Quote(tokenAuth.Service)}
                    issuer: {Quote(tokenAuth.Issuer)}
                    rootcertbundle: {Quote(bundlePath!)}

                """);
        }

        if (proxyRemoteUrl is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"""
                proxy:
                  remoteurl: {Quote(proxyRemoteUrl.ToString().TrimEnd('/'))}

                """);
        }

        return builder.ToString();
    }

    private static string Quote(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind must not fail the test that owned it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("""^\S+ \S+ \S+ \[[^\]]*\] "(?<method>[A-Z]+) (?<uri>\S+) [^"]*" (?<status>\d{3}) (?<bytes>\d+|-) "[^"]*" "(?<agent>[^"]*)"$""")]
    private static partial Regex AccessLine();

    private string ReadLogFile()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(_options.Tls?.CreateHandler() ?? new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellationToken);
                var tail = LogTail();
                if (tail.Contains("address already in use", StringComparison.Ordinal))
                {
                    throw new RegistryPortTakenException(
                        $"docker-registry could not bind {Host} (address already in use). Log tail:{Environment.NewLine}{tail}");
                }

                throw new InvalidOperationException(
                    $"docker-registry exited with code {_process.ExitCode} before answering on {Host}. Log tail:{Environment.NewLine}{tail}");
            }

            try
            {
                // Any HTTP status (200, or 401 with auth) means the server is up.
                using var response = await client.GetAsync(new Uri(BaseUri, $"v2/?{ProbeMarker}"), cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The per-attempt timeout; keep polling.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"docker-registry did not answer GET http://{Host}/v2/ within {timeout.TotalSeconds:0} s. Log tail:{Environment.NewLine}{LogTail()}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private sealed class RegistryPortTakenException(string message) : Exception(message);
}
