using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// What <c>dotnet image search</c> prints, line for line: against a stand-in for Docker Hub's search API, and against the
/// real registry's catalog.
/// </summary>
public sealed class SearchCommandTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public SearchCommandTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + Environment.NewLine));

    [Fact]
    public async Task Docker_hub_results_print_in_docker_28s_columns_with_descriptions_cut_at_45()
    {
        await using var hub = CannedHttpServer.Start(DockerHubSearchStandIn.Alpine);
        using var cli = DockerHubSearchStandIn.Runner(hub);

        var result = await cli.RunAsync("search", "alp");

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.Equal(
            Lines(
                "NAME                     DESCRIPTION                                     STARS     OFFICIAL",
                "alpine                   A minimal Docker image based on Alpine Linux…   11135     [OK]",
                "alpine/git               A  simple git container running in alpine li…   249       ",
                "mritd/alpine             Alpine with extras                              40        ",
                "alpinelinux/docker-cli   Simple and lightweight Alpine Linux image wi…   12        "),
            result.Output);
        Assert.Equal(["/v1/search?q=alp&n=25"], hub.Targets);
    }

    [Fact]
    public async Task No_trunc_prints_whole_descriptions_with_line_breaks_as_spaces()
    {
        await using var hub = CannedHttpServer.Start(DockerHubSearchStandIn.Alpine);
        using var cli = DockerHubSearchStandIn.Runner(hub);

        var result = await cli.RunAsync("search", "--no-trunc", "--filter", "stars=100", "alp");

        Assert.Equal(
            Lines(
                "NAME         DESCRIPTION                                                                                         STARS     OFFICIAL",
                "alpine       A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!   11135     [OK]",
                "alpine/git   A  simple git container running in alpine linux, especially for tiny linux distro.                  249       "),
            result.Output);
    }

    [Theory]
    [InlineData("is-official=true", new[] { "alpine" })]
    [InlineData("is-official=false", new[] { "alpine/git", "mritd/alpine", "alpinelinux/docker-cli" })]
    [InlineData("stars=40", new[] { "alpine", "alpine/git", "mritd/alpine" })]
    [InlineData("stars=12000", new string[0])]
    public async Task Filters_keep_the_results_that_pass(string filter, string[] names)
    {
        await using var hub = CannedHttpServer.Start(DockerHubSearchStandIn.Alpine);
        using var cli = DockerHubSearchStandIn.Runner(hub);

        var result = await cli.RunAsync("search", "-f", filter, "--format", "{{.Name}}", "alp");

        Assert.Equal((0, Lines(names), ""), result);
    }

    [Fact]
    public async Task Is_automated_is_deprecated_as_in_docker_28_true_finds_nothing_false_filters_nothing()
    {
        const string Warning = "WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future.";
        await using var hub = CannedHttpServer.Start(DockerHubSearchStandIn.Alpine);
        using var cli = DockerHubSearchStandIn.Runner(hub);

        var automated = await cli.RunAsync("search", "--filter=is-automated=true", "alp");
        Assert.Equal((0, Lines("NAME      DESCRIPTION   STARS     OFFICIAL"), Lines(Warning)), automated);
        Assert.Empty(hub.Targets); // docker answers without asking

        var notAutomated = await cli.RunAsync("search", "-f", "is-automated=false", "--format", "{{.Name}}:{{.IsAutomated}}", "alp");
        Assert.Equal((0, Lines("alpine:", "alpine/git:", "mritd/alpine:", "alpinelinux/docker-cli:"), Lines(Warning)), notAutomated);
    }

    [Fact]
    public async Task Limit_is_sent_to_the_index_and_caps_what_is_printed()
    {
        await using var hub = CannedHttpServer.Start(DockerHubSearchStandIn.Alpine);
        using var cli = DockerHubSearchStandIn.Runner(hub);

        var result = await cli.RunAsync("search", "--limit", "2", "--format", "{{.Name}}", "docker.io/library/alpine");

        Assert.Equal((0, Lines("alpine", "alpine/git"), ""), result);
        Assert.Equal(["/v1/search?q=alpine&n=2"], hub.Targets);
    }

    [Theory]
    [InlineData(@"{{.Name}}\t{{.StarCount}}", "alpine\t11135", "mritd/alpine\t40")]
    [InlineData("{{.Name}}: {{.Description}}", "alpine: A minimal Docker image based on Alpine Linux…", "mritd/alpine: Alpine with extras")]
    [InlineData("{{json .}}",
        """{"Description":"A minimal Docker image based on Alpine Linux…","IsOfficial":"true","Name":"alpine","StarCount":"11135"}""",
        """{"Description":"Alpine with extras","IsOfficial":"false","Name":"mritd/alpine","StarCount":"40"}""")]
    [InlineData("json",
        """{"Description":"A minimal Docker image based on Alpine Linux…","IsOfficial":"true","Name":"alpine","StarCount":"11135"}""",
        """{"Description":"Alpine with extras","IsOfficial":"false","Name":"mritd/alpine","StarCount":"40"}""")]
    [InlineData("{{json .Name}} {{.IsOfficial}}", "\"alpine\" [OK]", "\"mritd/alpine\" ")]
    public async Task Format_templates_print_one_line_per_result(string format, string first, string third)
    {
        await using var hub = CannedHttpServer.Start(DockerHubSearchStandIn.Alpine);
        using var cli = DockerHubSearchStandIn.Runner(hub);

        var (exit, output, error) = await cli.RunAsync("search", "--format", format, "alp");

        Assert.Equal((0, ""), (exit, error));
        var lines = output.Split(Environment.NewLine);
        Assert.Equal(5, lines.Length); // four results and the final newline
        Assert.Equal((first, third), (lines[0], lines[2]));
    }

    [Fact]
    public async Task A_table_format_prints_its_own_header()
    {
        await using var hub = CannedHttpServer.Start(DockerHubSearchStandIn.Alpine);
        using var cli = DockerHubSearchStandIn.Runner(hub);

        var result = await cli.RunAsync("search", "--format", @"table {{.Name}}\t{{.IsOfficial}}\t{{.IsAutomated}}", "alp");

        Assert.Equal(
            (0, Lines(
                "NAME                     OFFICIAL   AUTOMATED",
                "alpine                   [OK]       ",
                "alpine/git                          ",
                "mritd/alpine                        ",
                "alpinelinux/docker-cli              ")),
            (result.ExitCode, result.Output));
    }

    [Theory]
    [InlineData("{{.Nope}}", "Error: template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope")]
    [InlineData("table {{.Name}}\t{{.Stars}}", "Error: template parsing error: template: :1:12: executing \"\" at <.Stars>: can't evaluate field Stars")]
    public async Task An_unknown_field_is_one_line_naming_it_and_nothing_else_is_printed(string format, string expected)
    {
        await using var hub = CannedHttpServer.Start(DockerHubSearchStandIn.Alpine);
        using var cli = DockerHubSearchStandIn.Runner(hub);

        var result = await cli.RunAsync("search", "--format", format, "alp");

        Assert.Equal((1, "", Lines(expected)), result);
    }

    [Theory]
    [InlineData(new[] { "search", "--limit", "101", "alpine" }, "Error: limit 101 is outside the range of [1, 100]")]
    [InlineData(new[] { "search", "--limit", "-1", "alpine" }, "Error: limit -1 is outside the range of [1, 100]")]
    [InlineData(new[] { "search", "--limit", "many", "alpine" }, "Error: invalid argument \"many\" for \"--limit\" flag: strconv.ParseInt: parsing \"many\": invalid syntax. See 'dotnet image search --help'.")]
    [InlineData(new[] { "search", "-f", "official", "alpine" }, "Error: invalid argument \"official\" for \"-f, --filter\" flag: bad format of filter (expected name=value). See 'dotnet image search --help'.")]
    [InlineData(new[] { "search", "-f", "official=true", "alpine" }, "Error: invalid filter 'official'")]
    [InlineData(new[] { "search", "-f", "is-official=maybe", "alpine" }, "Error: invalid filter 'is-official=maybe'")]
    [InlineData(new[] { "search", "--format", "{{.Name", "alpine" }, "Error: template parsing error: template: :1: unclosed action")]
    [InlineData(new[] { "search", "--format", "{{range}}{{end}}", "alpine" }, "Error: template parsing error: template: :1: missing value for range")]
    [InlineData(new[] { "search", "https://example.com/alpine" }, "Error: invalid repository name: repository name (https://example.com/alpine) should not have a scheme")]
    [InlineData(new[] { "search", "--bogus", "alpine" }, "Error: unknown flag: --bogus. See 'dotnet image search --help'.")]
    [InlineData(new[] { "search" }, "Error: Required argument missing for command: 'search'. See 'dotnet image search --help'.")]
    public async Task Bad_flags_and_values_get_one_line_exit_code_1_and_no_request(string[] args, string expected)
    {
        await using var hub = CannedHttpServer.Start(DockerHubSearchStandIn.Alpine);
        using var cli = DockerHubSearchStandIn.Runner(hub);

        var result = await cli.RunAsync(args);

        Assert.Equal((1, "", Lines(expected)), result);
        Assert.Empty(hub.Targets);
    }

    [Fact]
    public async Task An_index_error_is_one_line()
    {
        await using var hub = CannedHttpServer.Start("""{"message":"down"}""", status: 404);
        using var cli = DockerHubSearchStandIn.Runner(hub);

        var (exit, output, error) = await cli.RunAsync("search", "alpine");

        Assert.Equal((1, ""), (exit, output));
        Assert.Equal(Lines($"Error: search {hub.BaseUri}v1/search?q=alpine&n=25: unexpected status code 404 Error"), error);
    }

    [Fact]
    public async Task Another_registry_is_searched_through_its_catalog_by_substring()
    {
        using var cli = new CliRunner();
        var host = _fixture.Seed.Host;

        var result = await cli.RunAsync("search", $"{host}/shared");

        var width = $"{host}/shared/one".Length + 3;
        Assert.Equal(
            (0, Lines(
                "NAME".PadRight(width) + "DESCRIPTION   STARS     OFFICIAL",
                $"{host}/shared/one".PadRight(width) + "              0         ",
                $"{host}/shared/two".PadRight(width) + "              0         "), ""),
            result);
    }

    [Fact]
    public async Task A_catalog_search_honours_limit_and_format()
    {
        using var cli = new CliRunner();
        var host = _fixture.Seed.Host;

        var result = await cli.RunAsync("search", "--limit", "3", "--format", "{{.Name}}", $"{host}/");

        Assert.Equal((0, Lines($"{host}/library/small", $"{host}/multi/docker", $"{host}/multi/oci"), ""), result);
    }
}
