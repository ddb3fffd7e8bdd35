using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Search;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>Search input as docker's daemon checks it: where a term is looked up, the filters, the limit.</summary>
public sealed class SearchOptionsTests
{
    [Theory]
    [InlineData("alpine", "docker.io", "alpine")]
    [InlineData("bitnami/redis", "docker.io", "bitnami/redis")]
    [InlineData("docker.io/library/alpine", "docker.io", "alpine")]
    [InlineData("index.docker.io/bitnami/redis", "docker.io", "bitnami/redis")]
    [InlineData("localhost/foo", "localhost", "foo")]
    [InlineData("127.0.0.1:5000/alp", "127.0.0.1:5000", "alp")]
    [InlineData("registry.example.com/team/app", "registry.example.com", "team/app")]
    [InlineData("127.0.0.1:5000/", "127.0.0.1:5000", "")]
    [InlineData("localhost:5000", "docker.io", "localhost:5000")] // no slash: docker reads it as a Hub term
    [InlineData("foo_bar/baz", "docker.io", "foo_bar/baz")]
    public void A_term_is_split_into_registry_and_remote_part_as_docker_splits_it(string term, string index, string remote)
    {
        var parsed = SearchTerm.Parse(term);

        Assert.Equal((index, remote), (parsed.Index, parsed.Remote));
        Assert.Equal(index == "docker.io", parsed.IsDockerHub);
    }

    [Fact]
    public void A_term_with_a_scheme_is_refused()
    {
        var error = Assert.Throws<UsageException>(() => SearchTerm.Parse("https://example.com/x"));
        Assert.Equal("invalid repository name: repository name (https://example.com/x) should not have a scheme", error.Message);
    }

    [Theory]
    [InlineData(0, 25)]
    [InlineData(1, 1)]
    [InlineData(100, 100)]
    public void The_limit_defaults_to_25_and_may_be_1_to_100(int limit, int expected) =>
        Assert.Equal(expected, new SearchOptions("alpine", limit).Limit);

    [Theory]
    [InlineData(101)]
    [InlineData(-1)]
    public void A_limit_out_of_range_is_dockers_error(int limit)
    {
        var error = Assert.Throws<UsageException>(() => new SearchOptions("alpine", limit));
        Assert.Equal($"limit {limit} is outside the range of [1, 100]", error.Message);
    }

    [Theory]
    [InlineData("stars", "3", null, 3, null)]
    [InlineData("STARS ", " 7", null, 7, null)]
    [InlineData("is-official", "true", true, null, null)]
    [InlineData("is-official", "0", false, null, null)]
    [InlineData("is-automated", "T", null, null, true)]
    public void Filters_parse_as_dockers_do(string name, string value, bool? official, int? stars, bool? automated)
    {
        var filters = SearchFilters.Parse([new(name, value)]);

        Assert.Equal((official, stars, automated), (filters.IsOfficial, filters.MinimumStars, filters.IsAutomated));
    }

    [Fact]
    public void Several_star_filters_keep_the_highest()
    {
        var filters = SearchFilters.Parse([new("stars", "3"), new("stars", "10"), new("stars", "5")]);

        Assert.Equal(10, filters.MinimumStars);
        Assert.True(filters.Matches(new SearchResult("a", "", 10, false, false)));
        Assert.False(filters.Matches(new SearchResult("a", "", 9, false, false)));
    }

    [Theory]
    [InlineData("foo", "bar", "invalid filter 'foo'")]
    [InlineData("is-official", "maybe", "invalid filter 'is-official=maybe'")]
    [InlineData("is-automated", "yes", "invalid filter 'is-automated=yes'")]
    [InlineData("stars", "many", "invalid filter 'stars=many': strconv.Atoi: parsing \"many\": invalid syntax")]
    [InlineData("stars", "99999999999", "invalid filter 'stars=99999999999': strconv.Atoi: parsing \"99999999999\": value out of range")]
    public void A_bad_filter_is_dockers_one_line_error(string name, string value, string expected)
    {
        var error = Assert.Throws<UsageException>(() => SearchFilters.Parse([new(name, value)]));
        Assert.Equal(expected, error.Message);
    }
}
