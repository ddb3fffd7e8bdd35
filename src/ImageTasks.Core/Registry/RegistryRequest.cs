namespace ImageTasks.Core.Registry;

/// <summary>Facts about a request that the HTTP layers need and the URL alone does not tell.</summary>
internal static class RegistryRequest
{
    /// <summary>The registry name (reference domain) a request is for: docker.io's API host is not its credential key.</summary>
    public static readonly HttpRequestOptionsKey<string> Registry = new("imagetasks.registry");

    /// <summary>Who answers, for timeout and size errors: "registry" unless set (a token request says "token server").</summary>
    public static readonly HttpRequestOptionsKey<string> Peer = new("imagetasks.peer");

    /// <summary>
    /// A request to a mirror: tried once, since the next mirror or the origin is its retry (a mirror that is down must
    /// not cost a backoff series on every command).
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> SingleAttempt = new("imagetasks.single-attempt");

    /// <summary>The token scope an operation needs on a repository path, as distribution spells it.</summary>
    public static string? ScopeFor(HttpRequestMessage request)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (path.StartsWith("/v2/_catalog", StringComparison.Ordinal))
        {
            return "registry:catalog:*";
        }

        foreach (var marker in (ReadOnlySpan<string>)["/manifests/", "/blobs/", "/tags/list"])
        {
            var at = path.IndexOf(marker, StringComparison.Ordinal);
            if (path.StartsWith("/v2/", StringComparison.Ordinal) && at > 4)
            {
                var name = path[4..at];
                var writes = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head;
                var scope = $"repository:{name}:{(writes ? "pull,push" : "pull")}";
                // A cross-repository mount reads the source repository: without pull there, the registry quietly
                // declines the mount and the blob is uploaded again.
                return MountSource(request.RequestUri!) is { } from && from != name ? $"{scope} repository:{from}:pull" : scope;
            }
        }

        return null;
    }

    /// <summary>The <c>from</c> repository of <c>POST /v2/NAME/blobs/uploads/?mount=DIGEST&amp;from=OTHER</c>.</summary>
    private static string? MountSource(Uri uri)
    {
        foreach (var parameter in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (parameter.StartsWith("from=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(parameter["from=".Length..]);
            }
        }

        return null;
    }
}
