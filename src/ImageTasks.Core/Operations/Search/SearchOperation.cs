using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Operations.Search;

/// <summary>
/// Search: a Docker Hub term goes to Hub's search API; a term naming another registry ("127.0.0.1:5000/alp") lists that
/// registry's catalog page by page and keeps the repositories whose path contains the rest of the term. Filters and the
/// limit apply to both, as docker's daemon applies them.
/// </summary>
public sealed class SearchOperation
{
    private readonly RegistryClient _registry;

    public SearchOperation(RegistryClient registry) => _registry = registry;

    public async Task<IReadOnlyList<SearchResult>> ExecuteAsync(SearchOptions options, CancellationToken cancellationToken)
    {
        // Nothing on Docker Hub is automated any more: docker 28 answers is-automated=true with nothing, without asking.
        if (options.Filters.IsAutomated == true)
        {
            return [];
        }

        var found = options.Term.IsDockerHub
            ? await _registry.SearchDockerHubAsync(options.Term.Remote, options.Limit, cancellationToken).ConfigureAwait(false)
            : await SearchCatalogAsync(options, cancellationToken).ConfigureAwait(false);

        // The field is deprecated and untrustworthy: docker drops it so that nobody filters or reports on it. The cap
        // holds the limit even against an index that ignores n=.
        return found.Where(options.Filters.Matches).Select(r => r with { IsAutomated = false }).Take(options.Limit).ToList();
    }

    private async Task<IReadOnlyList<SearchResult>> SearchCatalogAsync(SearchOptions options, CancellationToken cancellationToken)
    {
        var index = options.Term.Index;
        var results = new List<SearchResult>();
        await foreach (var repository in _registry.ListRepositoriesAsync(index, options.CatalogPageSize, cancellationToken).ConfigureAwait(false))
        {
            var result = new SearchResult($"{index}/{repository}", "", 0, false, false);
            if (!repository.Contains(options.Term.Remote, StringComparison.OrdinalIgnoreCase) || !options.Filters.Matches(result))
            {
                continue;
            }

            results.Add(result);
            if (results.Count == options.Limit)
            {
                break; // enough: the remaining pages need not be asked for
            }
        }

        return results;
    }
}
