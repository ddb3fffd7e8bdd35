using ImageTasks.Core.Operations.Search;
using ImageTasks.Core.Registry;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>Search through the real registry's catalog, page by page.</summary>
public sealed class SearchOperationTests : IClassFixture<StandardRegistryFixture>
{
    private static readonly string[] AllRepositories = ["library/small", "multi/docker", "multi/oci", "oci/app", "shared/one", "shared/two"];

    private readonly StandardRegistryFixture _fixture;

    public SearchOperationTests(StandardRegistryFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task The_catalog_is_followed_through_link_headers_page_by_page()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        using var registry = new RegistryClient(new RegistryOptions());

        var results = await new SearchOperation(registry).ExecuteAsync(
            new SearchOptions($"{proxy.Host}/", limit: 100) { CatalogPageSize = 2 }, CancellationToken.None);

        Assert.Equal(AllRepositories.Select(r => $"{proxy.Host}/{r}"), results.Select(r => r.Name));
        Assert.All(results, r => Assert.Equal(("", 0, false, false), (r.Description, r.StarCount, r.IsOfficial, r.IsAutomated)));
        var pages = proxy.RequestsMatching("GET", "/v2/_catalog");
        Assert.InRange(pages.Count, 3, 4); // three full pages; distribution may announce one more, empty
        Assert.Equal("/v2/_catalog?n=2", pages[0].PathAndQuery);
        Assert.All(pages.Skip(1), p => Assert.Contains("last=", p.PathAndQuery, StringComparison.Ordinal));
        Assert.All(pages, p => Assert.Contains("n=2", p.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repositories_match_by_substring_and_paging_stops_once_the_limit_is_reached()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        using var registry = new RegistryClient(new RegistryOptions());
        var search = new SearchOperation(registry);

        var multi = await search.ExecuteAsync(new SearchOptions($"{proxy.Host}/multi") { CatalogPageSize = 2 }, CancellationToken.None);
        var before = proxy.Count("GET", "/v2/_catalog");
        var firstTwo = await search.ExecuteAsync(new SearchOptions($"{proxy.Host}/", limit: 2) { CatalogPageSize = 2 }, CancellationToken.None);

        Assert.Equal([$"{proxy.Host}/multi/docker", $"{proxy.Host}/multi/oci"], multi.Select(r => r.Name));
        Assert.Equal(AllRepositories.Take(2).Select(r => $"{proxy.Host}/{r}"), firstTwo.Select(r => r.Name));
        Assert.Equal(1, proxy.Count("GET", "/v2/_catalog") - before);
    }

    [Theory]
    [InlineData("stars", "1")]
    [InlineData("is-official", "true")]
    [InlineData("is-automated", "true")]
    public async Task Filters_apply_to_catalog_results_too(string name, string value)
    {
        using var registry = new RegistryClient(new RegistryOptions());
        var options = new SearchOptions($"{_fixture.Seed.Host}/", filters: SearchFilters.Parse([new(name, value)]));

        Assert.Empty(await new SearchOperation(registry).ExecuteAsync(options, CancellationToken.None));
    }
}
