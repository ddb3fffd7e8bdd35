using ImageTasks.Core.Diagnostics;
namespace ImageTasks.Core.Operations.List;

/// <summary>docker image ls's filters, parsed from <c>--filter name=value</c> and the optional REPOSITORY[:TAG] argument.</summary>
public sealed record ListOptions
{
    /// <summary>True: dangling images only. Null: no dangling filter (docker's <c>dangling=false</c> is one too).</summary>
    public bool? Dangling { get; init; }

    public IReadOnlyList<string> References { get; init; } = [];

    public IReadOnlyList<(string Key, string? Value)> Labels { get; init; } = [];

    public string? Before { get; init; }

    public string? Since { get; init; }

    /// <summary><c>project=NAME|PATH</c>: images these projects use (the store's in-use roots); any one matches.</summary>
    public IReadOnlyList<string> Projects { get; init; } = [];

    public static ListOptions Parse(IEnumerable<string> filters, string? repository)
    {
        var options = new ListOptions();
        var references = new List<string>();
        var labels = new List<(string, string?)>();
        var projects = new List<string>();
        if (repository is not null)
        {
            references.Add(repository);
        }

        foreach (var filter in filters)
        {
            var split = filter.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                throw UsageErrors.FilterFormat(filter);
            }

            var (name, value) = (filter[..split], filter[(split + 1)..]);
            options = name switch
            {
                // docker's daemon takes exactly "true" (dangling images only) or "false", which filters nothing: every
                // image is listed. Any other spelling ("1", "FALSE") is refused, as docker 28 refuses it.
                "dangling" => options with
                {
                    Dangling = value switch
                    {
                        "true" => true,
                        "false" => options.Dangling,
                        _ => throw UsageErrors.ListFilter($"dangling=[{value}]"),
                    },
                },
                "reference" => Add(options, () => references.Add(value)),
                "label" => Add(options, () => labels.Add(value.Contains('=', StringComparison.Ordinal) ? (value[..value.IndexOf('=', StringComparison.Ordinal)], value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..]) : (value, null))),
                "before" => options with { Before = value },
                "since" => options with { Since = value },
                "project" => value.Length > 0 ? Add(options, () => projects.Add(value)) : throw UsageErrors.ListFilter("project=[]"),
                _ => throw UsageErrors.ListFilter(name),
            };
        }

        return options with { References = references, Labels = labels, Projects = projects };
    }

    private static ListOptions Add(ListOptions options, Action add)
    {
        add();
        return options;
    }
}
