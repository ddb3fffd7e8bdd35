using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Operations.Search;
using ImageTasks.Core.Registry;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image search [-f COND] [--limit N] [--no-trunc] [--format T] TERM</c>: docker search's columns (NAME,
/// DESCRIPTION, STARS, OFFICIAL, as docker 28 prints them), filters and templates. Docker Hub terms go to Hub's search
/// API; <c>HOST[:PORT]/PART</c> searches that registry's catalog.
/// </summary>
internal static class SearchCommand
{
    private const string DefaultTable = @"table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";

    /// <summary>docker truncates descriptions to this many columns unless --no-trunc.</summary>
    private const int DescriptionWidth = 45;

    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output based on conditions provided (stars=N, is-official=BOOL, is-automated=BOOL)" };
        var format = new Option<string?>("--format") { Description = "Pretty-print search using a Go template" };
        var limit = new Option<int>("--limit")
        {
            Description = "Max number of search results (default 25)",
            CustomParser = result => result.Tokens.Count == 0 ? 0 : ParseLimit(result.Tokens[0].Value, result),
        };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var term = new Argument<string>("TERM") { Description = "An image name on Docker Hub, or HOST[:PORT]/PART for a registry's catalog" };

        CliApp.RejectFlags(term);
        filter.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length > 0 && !t.Value.Contains('=', StringComparison.Ordinal)))
            {
                result.AddError($"invalid argument \"{token.Value}\" for \"-f, --filter\" flag: bad format of filter (expected name=value)");
            }
        });

        var command = new Command("search", "Search Docker Hub (or a registry's catalog) for images") { filter, format, limit, noTrunc, term };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Everything the user typed is checked before any request: a bad filter, limit or template costs nothing.
            var conditions = (parse.GetValue(filter) ?? [])
                .Where(f => f.Length > 0)
                .Select(f => f.Split('=', 2))
                .Select(parts => KeyValuePair.Create(parts[0], parts[1]));
            var options = new SearchOptions(parse.GetValue(term)!, parse.GetValue(limit), SearchFilters.Parse(conditions));
            var template = TemplateFormat.Parse(parse.GetValue(format), DefaultTable);
            if (options.Filters.IsAutomated is not null)
            {
                await environment.Error.WriteLineAsync(
                    "WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future.").ConfigureAwait(false);
            }

            using var registry = new RegistryClient(global.RegistryOptions(parse, environment));
            var results = await new SearchOperation(registry).ExecuteAsync(options, cancellationToken).ConfigureAwait(false);
            var truncate = !parse.GetValue(noTrunc);
            template.Write(environment.Output, Header(), results.Select(r => Row(r, truncate)));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Column names for a table header. docker 28 dropped IsAutomated; it stays here (always empty, as Docker Hub no
    /// longer builds images) so that older format strings keep working.
    /// </summary>
    private static JsonObject Header() => new()
    {
        ["Name"] = "NAME",
        ["Description"] = "DESCRIPTION",
        ["StarCount"] = "STARS",
        ["IsOfficial"] = "OFFICIAL",
        ["IsAutomated"] = "AUTOMATED",
    };

    /// <summary>
    /// The fields docker's search context offers. Its JSON form (<c>{{json .}}</c>) lists them sorted by name, booleans
    /// as "true"/"false", and leaves out IsAutomated, which docker 28 no longer reports.
    /// </summary>
    private static TemplateData Row(SearchResult result, bool truncate)
    {
        var description = result.Description.Replace('\n', ' ').Replace('\r', ' ');
        if (truncate)
        {
            description = Ellipsis.Truncate(description, DescriptionWidth);
        }

        var stars = result.StarCount.ToString(CultureInfo.InvariantCulture);
        return TemplateData.FromStrings(
            [
                new("Name", result.Name),
                new("Description", description),
                new("StarCount", stars),
                new("IsOfficial", result.IsOfficial ? "[OK]" : ""),
                new("IsAutomated", result.IsAutomated ? "[OK]" : ""),
            ],
            json:
            [
                new("Description", description),
                new("IsOfficial", result.IsOfficial ? "true" : "false"),
                new("Name", result.Name),
                new("StarCount", stars),
            ]);
    }

    /// <summary>Docker's wording for a limit that is not a number; range is checked by the search options.</summary>
    private static int ParseLimit(string text, System.CommandLine.Parsing.ArgumentResult result)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError($"invalid argument \"{text}\" for \"--limit\" flag: strconv.ParseInt: parsing \"{text}\": invalid syntax");
        return 0;
    }
}
