namespace ImageTasks.Core.Registry;

/// <summary>Facts about a request that the HTTP layers need and the URL alone does not tell.</summary>
internal static class RegistryRequest
{
    /// <summary>The registry name (reference domain) a request is for: docker.io's API host is not its credential key.</summary>
    public static readonly HttpRequestOptionsKey<string> Registry = new("imagetasks.registry");

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
                return $"repository:{name}:{(writes ? "pull,push" : "pull")}";
            }
        }

        return null;
    }
}
