namespace ImageTasks.Testing;

/// <summary>A request as <see cref="FaultProxy"/> received it, and what it answered.</summary>
public sealed record ProxiedRequest(
    long Sequence,
    string Method,
    string Path,
    string PathAndQuery,
    string? Host,
    IReadOnlyDictionary<string, string> Headers,
    int StatusCode,
    ProxyFault? Fault)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? Authorization => Header("Authorization");

    public bool HasAuthorization => Authorization is not null;

    public string? Range => Header("Range");

    public string? Accept => Header("Accept");
}
