using ImageTasks.Core.Diagnostics;
namespace ImageTasks.Core.Operations.Prune;

/// <summary>
/// What prune removes: dangling images, or with <see cref="All"/> every image no project uses; narrowed by Docker's
/// filters <c>until=</c> (created before), <c>label=KEY[=VALUE]</c> and <c>label!=KEY[=VALUE]</c>.
/// </summary>
public sealed record PruneOptions
{
    public bool All { get; init; }

    public bool DryRun { get; init; }

    public DateTimeOffset? Until { get; init; }

    public IReadOnlyList<(string Key, string? Value)> Labels { get; init; } = [];

    public IReadOnlyList<(string Key, string? Value)> NotLabels { get; init; } = [];

    /// <summary>Parses docker's <c>--filter</c> values; an unknown filter is refused with docker's message.</summary>
    public static PruneOptions WithFilters(PruneOptions options, IEnumerable<string> filters, DateTimeOffset now)
    {
        var labels = new List<(string, string?)>();
        var notLabels = new List<(string, string?)>();
        DateTimeOffset? until = null;
        foreach (var filter in filters)
        {
            var split = filter.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                throw UsageErrors.FilterFormat(filter);
            }

            var (name, value) = (filter[..split], filter[(split + 1)..]);
            switch (name)
            {
                case "until":
                    until = Timestamps.Parse(value, now);
                    break;
                case "label":
                    labels.Add(KeyValue(value));
                    break;
                case "label!":
                    notLabels.Add(KeyValue(value));
                    break;
                default:
                    throw UsageErrors.Filter(name);
            }
        }

        return options with { Until = until, Labels = labels, NotLabels = notLabels };
    }

    private static (string, string?) KeyValue(string text)
    {
        var split = text.IndexOf('=', StringComparison.Ordinal);
        return split < 0 ? (text, null) : (text[..split], text[(split + 1)..]);
    }
}
