namespace ImageTasks.Core.Serving;

/// <summary>What a request path names in the distribution API.</summary>
public enum V2Endpoint
{
    /// <summary>A path outside the API (or one it does not have).</summary>
    None,

    /// <summary><c>/v2/</c>: the version check every client starts with.</summary>
    Base,

    /// <summary><c>/v2/_catalog</c>.</summary>
    Catalog,

    /// <summary><c>/v2/NAME/tags/list</c>.</summary>
    Tags,

    /// <summary><c>/v2/NAME/manifests/REFERENCE</c>.</summary>
    Manifest,

    /// <summary><c>/v2/NAME/blobs/DIGEST</c>.</summary>
    Blob,

    /// <summary><c>/v2/NAME/blobs/uploads/...</c>: pushing, which a read-only server refuses whatever the method.</summary>
    Upload,
}

/// <summary>
/// A request path split into the API's parts. The name and the reference are raw text here: the handler checks them
/// against the reference grammar and looks them up, never uses them as file names.
/// </summary>
public sealed record V2Route(V2Endpoint Endpoint, string Name = "", string Reference = "")
{
    private const string Prefix = "/v2/";

    public static V2Route Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path is "/v2" or Prefix)
        {
            return new V2Route(V2Endpoint.Base);
        }

        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return new V2Route(V2Endpoint.None);
        }

        var rest = path[Prefix.Length..];
        if (rest == "_catalog")
        {
            return new V2Route(V2Endpoint.Catalog);
        }

        if (rest.EndsWith("/tags/list", StringComparison.Ordinal))
        {
            return new V2Route(V2Endpoint.Tags, rest[..^"/tags/list".Length]);
        }

        // The name may hold slashes, the reference may not: split at the last "/manifests/" or "/blobs/".
        var uploads = rest.IndexOf("/blobs/uploads", StringComparison.Ordinal);
        if (uploads > 0 && (rest.Length == uploads + "/blobs/uploads".Length || rest[uploads + "/blobs/uploads".Length] == '/'))
        {
            return new V2Route(V2Endpoint.Upload, rest[..uploads]);
        }

        foreach (var (marker, endpoint) in new[] { ("/manifests/", V2Endpoint.Manifest), ("/blobs/", V2Endpoint.Blob) })
        {
            var at = rest.LastIndexOf(marker, StringComparison.Ordinal);
            if (at > 0)
            {
                var reference = rest[(at + marker.Length)..];
                return reference.Length == 0 || reference.Contains('/', StringComparison.Ordinal)
                    ? new V2Route(V2Endpoint.None)
                    : new V2Route(endpoint, rest[..at], reference);
            }
        }

        return new V2Route(V2Endpoint.None);
    }
}
