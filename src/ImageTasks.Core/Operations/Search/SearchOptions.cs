using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Operations.Search;

/// <summary>What to search for, checked once here: the term's registry, the filters and docker's limit range.</summary>
public sealed record SearchOptions
{
    /// <summary>Docker's default number of results.</summary>
    public const int DefaultLimit = 25;

    public const int MaxLimit = 100;

    /// <param name="term">"alpine", "bitnami/redis", or "HOST[:PORT]/PART" to search a registry's catalog</param>
    /// <param name="limit">1..100; 0 means the default (25), as docker's --limit</param>
    public SearchOptions(string term, int limit = DefaultLimit, SearchFilters? filters = null)
    {
        Filters = filters ?? SearchFilters.None;
        Term = SearchTerm.Parse(term);
        Limit = limit == 0 ? DefaultLimit : limit;
        if (Limit is < 1 or > MaxLimit)
        {
            throw UsageErrors.SearchLimit(limit, MaxLimit);
        }
    }

    public SearchTerm Term { get; }

    public int Limit { get; }

    public SearchFilters Filters { get; }

    /// <summary>Repositories asked per catalog page (<c>?n=</c>); the registry's Link header leads to the next page.</summary>
    public int CatalogPageSize
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "a catalog page holds at least one repository");
    } = RegistryClient.DefaultCatalogPageSize;
}
