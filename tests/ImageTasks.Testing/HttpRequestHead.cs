namespace ImageTasks.Testing;

/// <summary>The request line and headers of one HTTP/1.1 request, in arrival order.</summary>
internal sealed record HttpRequestHead(string Method, string Target, string Version, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>All values of a header joined with ", " (case-insensitive name), or null.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    public bool HasToken(string name, string token) =>
        Header(name)?.Split(',').Any(v => string.Equals(v.Trim(), token, StringComparison.OrdinalIgnoreCase)) ?? false;
}
