namespace ImageTasks.Core.Registry;

/// <summary>How the engine talks to registries. Faces build it from flags and the environment; the engine reads nothing else.</summary>
public sealed record RegistryOptions
{
    /// <summary><c>host:port</c> entries reached over plain HTTP (IMAGETASKS_INSECURE_REGISTRIES).</summary>
    public IReadOnlySet<string> InsecureRegistries { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Docker's config folder (DOCKER_CONFIG, else ~/.docker); null means no stored credentials.</summary>
    public string? DockerConfigDirectory { get; init; }

    /// <summary>Attempts per request for 429, 5xx and dropped connections, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first backoff delay; each retry doubles it (a Retry-After header wins).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait a Retry-After header may impose before we give up instead.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Receives one line per HTTP request and response, secrets redacted (--debug). Null: silent.</summary>
    public Action<string>? DebugLog { get; init; }

    /// <summary>
    /// Docker Hub's search API (IMAGETASKS_SEARCH_ENDPOINT overrides it): <c>?q=TERM&amp;n=LIMIT</c> is appended. Search is
    /// not part of the distribution API, so no registry can stand in for it; the override lets a mirror or a test serve it.
    /// Checked when a search is made, so a bad value never breaks the other commands.
    /// </summary>
    public string SearchEndpoint { get; init; } = RegistryEndpoint.DockerHubSearch;

    /// <summary>How long opening a TCP connection (and its TLS handshake) may take. Docker's dialer allows 30 s; 15 s is ample on any live network.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether a connection that cannot be made (refused, no DNS answer, connect timeout) is tried again like a dropped
    /// one. The tag check of a developer build turns it off: a dead registry must cost well under a second there.
    /// </summary>
    public bool RetryUnreachable { get; init; } = true;

    /// <summary>The connect timeout of a developer build's tag check: a registry on a live network connects far sooner.</summary>
    public static readonly TimeSpan TagCheckConnectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// For the tag check of a developer build, which may fall back to the pinned image in the store: a short connect
    /// timeout and no retry of a connection that cannot be made, so being offline costs a build well under a second.
    /// A registry that answers gets the usual headers and idle timeouts and retries.
    /// </summary>
    public RegistryOptions ForTagCheck() => this with
    {
        ConnectTimeout = ConnectTimeout < TagCheckConnectTimeout ? ConnectTimeout : TagCheckConnectTimeout,
        RetryUnreachable = false,
    };

    /// <summary>How long a registry may take to send the response headers once the request is sent (IMAGETASKS_TIMEOUT).</summary>
    public TimeSpan ResponseHeadersTimeout { get; init; } = DefaultTimeout;

    /// <summary>How long a body may go without a single byte before the read is abandoned (IMAGETASKS_TIMEOUT).</summary>
    public TimeSpan ReadIdleTimeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// Folders holding <c>HOST:PORT/ca.crt</c> (and <c>client.cert</c>/<c>client.key</c>) as Docker's certs.d does, first
    /// match wins: <c>$IMAGETASKS_HOME/certs.d</c>, then <c>/etc/docker/certs.d</c>.
    /// </summary>
    public IReadOnlyList<string> CertificateDirectories { get; init; } = [];

    /// <summary>
    /// Loopback registries are reached over plain HTTP, as Docker does, unless a certs.d folder names them. Tests turn
    /// this off to treat 127.0.0.1 as the remote host a TLS registry normally is.
    /// </summary>
    public bool PlainHttpForLoopback { get; init; } = true;

    /// <summary>
    /// Mirrors tried before the registries they mirror, and who answers tag questions (IMAGETASKS_REGISTRY_MIRRORS,
    /// ImageRegistryMirrors, daemon.json; IMAGETASKS_MIRROR_TAG_CHECK). A mirror's host is reached at the mirror's own URL.
    /// </summary>
    public RegistryMirrors Mirrors { get; init; } = RegistryMirrors.None;

    public string UserAgent { get; init; } = "imagetasks/" + (typeof(RegistryOptions).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>The connect, headers and idle default: a slow but live registry answers well within it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Docker's own certs.d: trusted here too, so one CA file serves docker and dotnet image.</summary>
    public const string DockerCertificateDirectory = "/etc/docker/certs.d";

    /// <summary>
    /// Builds options from the environment variables users know (IMAGETASKS_INSECURE_REGISTRIES, DOCKER_CONFIG, HOME,
    /// IMAGETASKS_SEARCH_ENDPOINT, IMAGETASKS_TIMEOUT, IMAGETASKS_HOME for its certs.d, the mirror settings and Docker's
    /// daemon.json). <paramref name="mirrorsProperty"/> is the build's ImageRegistryMirrors, which wins over the rest.
    /// </summary>
    public static RegistryOptions FromEnvironment(Func<string, string?> getVariable, string? mirrorsProperty = null)
    {
        var insecure = (getVariable("IMAGETASKS_INSECURE_REGISTRIES") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var configDirectory = getVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(configDirectory))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            configDirectory = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".docker");
        }

        var search = getVariable("IMAGETASKS_SEARCH_ENDPOINT");
        var timeout = ParseTimeout(getVariable(TimeoutVariable), TimeoutVariable);
        return new RegistryOptions
        {
            ResponseHeadersTimeout = timeout ?? DefaultTimeout,
            ReadIdleTimeout = timeout ?? DefaultTimeout,
            CertificateDirectories = DefaultCertificateDirectories(getVariable),
            InsecureRegistries = insecure,
            DockerConfigDirectory = configDirectory,
            SearchEndpoint = string.IsNullOrEmpty(search) ? RegistryEndpoint.DockerHubSearch : search,
            Mirrors = RegistryMirrors.Resolve(mirrorsProperty, getVariable),
        };
    }

    public const string TimeoutVariable = "IMAGETASKS_TIMEOUT";

    /// <summary>
    /// A timeout in whole seconds (IMAGETASKS_TIMEOUT, the ImageTimeout property); empty means the default. <paramref name="source"/>
    /// names where the text came from, for the error.
    /// </summary>
    public static TimeSpan? ParseTimeout(string? text, string source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 86400)
        {
            throw new RegistryException($"{source} must be a whole number of seconds from 1 to 86400, not '{text}'");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>With a timeout from a face (IMAGETASKS_TIMEOUT or ImageTimeout): response headers and read-idle both use it.</summary>
    public RegistryOptions WithTimeout(TimeSpan? timeout) =>
        timeout is { } t ? this with { ResponseHeadersTimeout = t, ReadIdleTimeout = t } : this;

    private static List<string> DefaultCertificateDirectories(Func<string, string?> getVariable)
    {
        var directories = new List<string>();
        try
        {
            directories.Add(Path.Combine(ImageTasks.Core.Store.StoreLocation.Resolve(getVariable), "certs.d"));
        }
        catch (ImageTasksException)
        {
            // No store folder can be found: the store will say so when it is needed; Docker's folder still counts.
        }

        directories.Add(DockerCertificateDirectory);
        return directories;
    }
}
