using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Registry;

/// <summary>
/// Writes and erases logins in Docker's config.json the way <c>docker login</c>/<c>logout</c> do: through the registry's
/// credential helper (<c>credHelpers</c>, else <c>credsStore</c>) when one is configured, else as base64
/// <c>auths[KEY].auth</c>. The file is edited as a JSON tree, so every key we do not know survives; it is replaced
/// atomically and, on Unix, readable by its owner only. Reading uses <see cref="DockerConfigCredentials"/>'s key rules.
/// </summary>
public sealed class DockerLoginStore
{
    private const string AuthsKey = "auths";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Docker writes the file indented with tabs; base64 '+' and '/' stay readable instead of \u002B.
        Indented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly string? _configDirectory;

    /// <param name="configDirectory">Docker's config folder (DOCKER_CONFIG, else ~/.docker); null when there is none</param>
    public DockerLoginStore(string? configDirectory) => _configDirectory = configDirectory;

    /// <summary>The config.json this store edits; null when no config folder is known.</summary>
    public string? ConfigPath => DockerConfigCredentials.ConfigPath(_configDirectory);

    /// <summary>Stores a login under the registry's key.</summary>
    /// <returns>the credential helper that now holds the secret, or null when it went into config.json itself</returns>
    public async Task<string?> StoreAsync(string registry, RegistryCredential credential, CancellationToken cancellationToken)
    {
        var path = ConfigPath ?? throw new RegistryException(DiagnosticCodes.LoginFailed, "cannot store credentials: no Docker config folder is known; set DOCKER_CONFIG");
        var key = DockerConfigCredentials.ConfigKey(registry);
        var helper = DockerConfigCredentials.Read(_configDirectory) is { } config ? DockerConfigCredentials.HelperFor(config, registry) : null;
        if (helper is not null)
        {
            await CredentialHelper.StoreAsync(helper, key, credential, cancellationToken).ConfigureAwait(false);
        }

        var root = ReadTree(path);
        var auths = Auths(root, create: true)!;
        // Spellings of the same registry (http://host, https://host/v1/) would shadow or outlive the new entry.
        RemoveEntries(auths, registry);
        auths[key] = helper is not null
            ? new JsonObject() // as Docker: the entry says "logged in", the helper holds the secret
            : new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Secret}")) };
        WriteTree(path, root);
        return helper;
    }

    /// <summary>Removes the registry's login from config.json and from its credential helper.</summary>
    /// <returns>false when there was no login to remove</returns>
    public async Task<bool> EraseAsync(string registry, CancellationToken cancellationToken)
    {
        var path = ConfigPath;
        if (path is null || !File.Exists(path))
        {
            return false;
        }

        var erasedFromHelper = false;
        if (DockerConfigCredentials.Read(_configDirectory) is { } config && DockerConfigCredentials.HelperFor(config, registry) is { } helper)
        {
            erasedFromHelper = await CredentialHelper.EraseAsync(helper, DockerConfigCredentials.ConfigKey(registry), cancellationToken).ConfigureAwait(false);
        }

        var root = ReadTree(path);
        var removedFromFile = Auths(root, create: false) is { } auths && RemoveEntries(auths, registry);
        if (removedFromFile)
        {
            WriteTree(path, root);
        }

        return removedFromFile || erasedFromHelper;
    }

    private static bool RemoveEntries(JsonObject auths, string registry)
    {
        var keys = auths.Select(p => p.Key).Where(k => DockerConfigCredentials.IsKeyFor(k, registry)).ToList();
        foreach (var key in keys)
        {
            auths.Remove(key);
        }

        return keys.Count > 0;
    }

    private static JsonObject? Auths(JsonObject root, bool create)
    {
        switch (root[AuthsKey])
        {
            case JsonObject auths:
                return auths;
            case null when create:
                var created = new JsonObject();
                root[AuthsKey] = created;
                return created;
            case null:
                return null;
            default:
                throw new RegistryException(DiagnosticCodes.LoginFailed, $"cannot store credentials: \"{AuthsKey}\" in config.json is not a JSON object");
        }
    }

    private static JsonObject ReadTree(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            var text = File.ReadAllText(path);
            if (string.IsNullOrWhiteSpace(text))
            {
                return [];
            }

            return JsonNode.Parse(text) as JsonObject ?? throw new RegistryException(DiagnosticCodes.LoginFailed, $"cannot store credentials: {path} does not hold a JSON object");
        }
        catch (JsonException e)
        {
            throw new RegistryException(DiagnosticCodes.LoginFailed, $"cannot store credentials: {path} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Temp file beside the target, then a rename: a reader sees the old file or the new one, never half of one.</summary>
    private static void WriteTree(string path, JsonObject root)
    {
        // A symlinked config.json (dotfile managers do this) is written where it points, as Docker does.
        var target = File.Exists(path) ? File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path : path;
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var temp = Path.Combine(folder, $"{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // it holds passwords
        }

        try
        {
            using (var file = new FileStream(temp, options))
            {
                using (var writer = new Utf8JsonWriter(file, WriterOptions))
                {
                    root.WriteTo(writer);
                }

                file.Write("\n"u8);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp); // gone already after the move; left behind only when writing failed
        }
    }
}
