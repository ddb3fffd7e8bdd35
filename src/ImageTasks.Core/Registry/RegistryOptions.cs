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

    public string UserAgent { get; init; } = "imagetasks/" + (typeof(RegistryOptions).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>
    /// Builds options from the environment variables users know (IMAGETASKS_INSECURE_REGISTRIES, DOCKER_CONFIG, HOME,
    /// IMAGETASKS_SEARCH_ENDPOINT).
    /// </summary>
    public static RegistryOptions FromEnvironment(Func<string, string?> getVariable)
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
        return new RegistryOptions
        {
            InsecureRegistries = insecure,
            DockerConfigDirectory = configDirectory,
            SearchEndpoint = string.IsNullOrEmpty(search) ? RegistryEndpoint.DockerHubSearch : search,
        };
    }
}
