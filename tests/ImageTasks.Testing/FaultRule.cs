namespace ImageTasks.Testing;

/// <summary>
/// A scripted fault: applies <see cref="Fault"/> to requests whose (method, path) the predicate
/// accepts, at most <see cref="Times"/> times (null = every time). Path excludes the query.
/// </summary>
public sealed class FaultRule
{
    private readonly Func<string, string, bool> _match;
    private int _hits;

    internal FaultRule(Func<string, string, bool> match, ProxyFault fault, int? times)
    {
        _match = match;
        Fault = fault;
        Times = times;
    }

    public ProxyFault Fault { get; }

    public int? Times { get; }

    /// <summary>How many requests this rule has been applied to.</summary>
    public int Hits => Volatile.Read(ref _hits);

    public bool Exhausted => Times is { } times && Hits >= times;

    /// <summary>Called under the proxy's lock, so check-and-count is atomic across connections.</summary>
    internal bool TryApply(string method, string path, string? host)
    {
        if (Exhausted)
        {
            return false;
        }

        // A redirect to another name of this same proxy must not redirect again, or it would loop.
        if (Fault is RedirectFault redirect && string.Equals(host, redirect.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!_match(method, path))
        {
            return false;
        }

        Interlocked.Increment(ref _hits);
        return true;
    }
}
