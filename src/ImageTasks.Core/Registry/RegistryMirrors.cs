using System.Text.Json;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>
/// Which registries have mirrors, in the order they are tried, and who answers tag questions. From one place, first set
/// wins: the MSBuild property <c>ImageRegistryMirrors</c>, else <c>IMAGETASKS_REGISTRY_MIRRORS</c>, else the
/// <c>registry-mirrors</c> of Docker's daemon.json (which, as in Docker, mirror docker.io only).
/// </summary>
public sealed class RegistryMirrors
{
    public const string Variable = "IMAGETASKS_REGISTRY_MIRRORS";
    public const string TagCheckVariable = "IMAGETASKS_MIRROR_TAG_CHECK";
    public const string DaemonJsonVariable = "IMAGETASKS_DOCKER_DAEMON_JSON";
    public const string Property = "ImageRegistryMirrors";

    /// <summary>daemon.json is Docker's to bound; a real one is a few hundred bytes.</summary>
    private const int MaxDaemonJsonSize = 1 << 20;

    private readonly Dictionary<string, IReadOnlyList<RegistryMirror>> _byRegistry;
    private readonly Dictionary<string, Uri> _endpointByHost;

    private RegistryMirrors(Dictionary<string, IReadOnlyList<RegistryMirror>> byRegistry, MirrorTagCheck tagCheck, string? source)
    {
        _byRegistry = byRegistry;
        TagCheck = tagCheck;
        Source = source;
        _endpointByHost = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        foreach (var mirror in byRegistry.Values.SelectMany(m => m))
        {
            // One host is one endpoint: a second path on the same host could not be told apart by its name.
            if (_endpointByHost.TryGetValue(mirror.Host, out var known) && known != mirror.Endpoint)
            {
                throw MirrorErrors.TwoPathsOneHost(mirror.Host, known, mirror.Endpoint, source ?? Variable);
            }

            _endpointByHost[mirror.Host] = mirror.Endpoint;
        }
    }

    public static RegistryMirrors None { get; } = new(new Dictionary<string, IReadOnlyList<RegistryMirror>>(), MirrorTagCheck.Origin, null);

    public MirrorTagCheck TagCheck { get; }

    /// <summary>Where the mirrors came from (the variable, the property, the daemon.json path); null when there are none.</summary>
    public string? Source { get; }

    public bool IsEmpty => _byRegistry.Count == 0;

    /// <summary>The registries that have mirrors ("docker.io", "ghcr.io"), each with its mirrors in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RegistryMirror>> ByRegistry => _byRegistry;

    /// <summary>The mirrors of a registry, in the order to try them; none for a registry without mirrors.</summary>
    public IReadOnlyList<RegistryMirror> For(string registry) => _byRegistry.GetValueOrDefault(registry) ?? [];

    /// <summary>The endpoint of a mirror host (its scheme and path prefix), or null when the host is no mirror.</summary>
    internal Uri? EndpointFor(string host) => _endpointByHost.GetValueOrDefault(host);

    public RegistryMirrors WithTagCheck(MirrorTagCheck tagCheck) => new(_byRegistry, tagCheck, Source);

    /// <summary>
    /// The settings of a build or a command: <paramref name="property"/> (ImageRegistryMirrors) when set, else the
    /// environment variable, else Docker's daemon.json; the tag check from IMAGETASKS_MIRROR_TAG_CHECK.
    /// </summary>
    public static RegistryMirrors Resolve(string? property, Func<string, string?> getVariable)
    {
        var tagCheck = ParseTagCheck(getVariable(TagCheckVariable));
        if (!string.IsNullOrWhiteSpace(property))
        {
            return Parse(property, Property).WithTagCheck(tagCheck);
        }

        if (getVariable(Variable) is { } variable && !string.IsNullOrWhiteSpace(variable))
        {
            return Parse(variable, Variable).WithTagCheck(tagCheck);
        }

        var daemonJson = getVariable(DaemonJsonVariable);
        return FromDaemonJson(string.IsNullOrEmpty(daemonJson) ? DefaultDaemonJson : daemonJson).WithTagCheck(tagCheck);
    }

    /// <summary>Docker's daemon.json for a rootful daemon, where docker reads it.</summary>
    public static string DefaultDaemonJson => OperatingSystem.IsWindows()
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "docker", "config", "daemon.json")
        : "/etc/docker/daemon.json";

    /// <summary>
    /// <c>REGISTRY=URL[,URL];REGISTRY2=URL</c>; an entry without <c>REGISTRY=</c> mirrors docker.io, as Docker's
    /// registry-mirrors do. Mirrors are tried in the order written.
    /// </summary>
    public static RegistryMirrors Parse(string text, string source)
    {
        var byRegistry = new Dictionary<string, IReadOnlyList<RegistryMirror>>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in text.Split([';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var scheme = entry.IndexOf("://", StringComparison.Ordinal);
            var keyed = equals >= 0 && (scheme < 0 || equals < scheme);
            var registry = keyed ? RegistryName(entry[..equals].Trim(), entry, source) : ReferenceGrammar.DefaultDomain;
            var urls = (keyed ? entry[(equals + 1)..] : entry).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (urls.Length == 0)
            {
                throw MirrorErrors.NoUrl(registry, source);
            }

            var mirrors = urls.Select(u => RegistryMirror.Parse(u, source)).ToList();
            if (mirrors.FirstOrDefault(m => IsItself(m, registry)) is { } itself)
            {
                throw MirrorErrors.MirrorsItself(registry, itself.Endpoint, source);
            }

            Add(byRegistry, registry, mirrors);
        }

        return new RegistryMirrors(byRegistry, MirrorTagCheck.Origin, byRegistry.Count == 0 ? null : source);
    }

    /// <summary>
    /// The <c>registry-mirrors</c> of Docker's daemon.json: docker.io mirrors. A file that is missing or that we may not
    /// read (it belongs to the daemon) means none; one that is not what Docker accepts is an error, as it is for dockerd.
    /// </summary>
    public static RegistryMirrors FromDaemonJson(string path)
    {
        byte[] bytes;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (file.Length > MaxDaemonJsonSize)
            {
                throw MirrorErrors.DaemonJson(path, $"larger than {MaxDaemonJsonSize} bytes");
            }

            bytes = new byte[file.Length];
            file.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return None;
        }
        catch (IOException e)
        {
            throw MirrorErrors.DaemonJson(path, e.Message);
        }

        var mirrors = new List<RegistryMirror>();
        try
        {
            using var json = JsonDocument.Parse(bytes);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw MirrorErrors.DaemonJson(path, "its top level is not a JSON object");
            }

            if (!json.RootElement.TryGetProperty("registry-mirrors", out var list) || list.ValueKind == JsonValueKind.Null)
            {
                return None;
            }

            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String))
            {
                throw MirrorErrors.DaemonJson(path, "\"registry-mirrors\" is not a list of strings");
            }

            mirrors.AddRange(list.EnumerateArray().Select(m => RegistryMirror.Parse(m.GetString()!, path)));
        }
        catch (JsonException e)
        {
            throw MirrorErrors.DaemonJson(path, $"not valid JSON (line {(e.LineNumber ?? 0) + 1})");
        }

        var byRegistry = new Dictionary<string, IReadOnlyList<RegistryMirror>>(StringComparer.OrdinalIgnoreCase);
        if (mirrors.Count > 0)
        {
            Add(byRegistry, ReferenceGrammar.DefaultDomain, mirrors);
        }

        return new RegistryMirrors(byRegistry, MirrorTagCheck.Origin, mirrors.Count == 0 ? null : path);
    }

    /// <summary>origin (the default) or mirror.</summary>
    public static MirrorTagCheck ParseTagCheck(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0 || value.Equals("origin", StringComparison.OrdinalIgnoreCase))
        {
            return MirrorTagCheck.Origin;
        }

        return value.Equals("mirror", StringComparison.OrdinalIgnoreCase) ? MirrorTagCheck.Mirror : throw MirrorErrors.TagCheck(value);
    }

    /// <summary>A registry as references name it: docker.io for Docker Hub's names, else host[:port].</summary>
    private static string RegistryName(string key, string entry, string source)
    {
        // Docker Hub's API host is one more name for docker.io here (the grammar already maps index.docker.io).
        if (key.Equals(RegistryEndpoint.DockerHubApiHost, StringComparison.OrdinalIgnoreCase))
        {
            return ReferenceGrammar.DefaultDomain;
        }

        // The grammar decides what is a registry host: "ghcr.io" and "host:5000" are; "foo" would be a docker.io path.
        // Two path components, so docker.io does not add "library/".
        const string probe = "mirror/probe";
        return !key.Contains('/', StringComparison.Ordinal) && ImageReference.TryParse($"{key}/{probe}", out var reference, out _) && reference.Path == probe
            ? reference.Domain
            : throw MirrorErrors.NotARegistry(key, entry, source);
    }

    /// <summary>A registry cannot be its own mirror: its host would be reached as a mirror, the origin never.</summary>
    private static bool IsItself(RegistryMirror mirror, string registry) =>
        mirror.Host.Equals(registry, StringComparison.OrdinalIgnoreCase)
        || (registry == ReferenceGrammar.DefaultDomain && mirror.Host.Equals(RegistryEndpoint.DockerHubApiHost, StringComparison.OrdinalIgnoreCase));

    private static void Add(Dictionary<string, IReadOnlyList<RegistryMirror>> byRegistry, string registry, IEnumerable<RegistryMirror> mirrors)
    {
        var all = byRegistry.GetValueOrDefault(registry)?.ToList() ?? [];
        all.AddRange(mirrors);
        byRegistry[registry] = all.Distinct().ToList();
    }
}
