using ImageTasks.Core.Diagnostics;
using System.Globalization;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Operations.Search;

/// <summary>
/// <c>--filter</c> conditions of docker search, checked as docker's daemon checks them (same names, same messages):
/// <c>stars=N</c> (at least N; the highest of several wins), <c>is-official=BOOL</c>, <c>is-automated=BOOL</c>.
/// </summary>
public sealed record SearchFilters
{
    public static readonly SearchFilters None = new();

    private static readonly string[] Accepted = ["is-automated", "is-official", "stars"];

    public int? MinimumStars { get; init; }

    public bool? IsOfficial { get; init; }

    /// <summary>
    /// Docker Hub no longer builds images, so docker 28 answers <c>is-automated=true</c> with no results and ignores
    /// <c>is-automated=false</c>; the field is kept to say which was asked.
    /// </summary>
    public bool? IsAutomated { get; init; }

    /// <summary>Builds filters from name=value pairs already split (names are lower-cased, as docker's flag parser does).</summary>
    public static SearchFilters Parse(IEnumerable<KeyValuePair<string, string>> conditions)
    {
        var byName = conditions
            .GroupBy(c => c.Key.Trim().ToLowerInvariant(), c => c.Value.Trim())
            .ToDictionary(g => g.Key, g => g.ToList());
        if (byName.Keys.FirstOrDefault(name => !Accepted.Contains(name)) is { } unknown)
        {
            throw UsageErrors.Filter(unknown);
        }

        return new SearchFilters
        {
            IsAutomated = Bool(byName, "is-automated"),
            IsOfficial = Bool(byName, "is-official"),
            MinimumStars = byName.TryGetValue("stars", out var stars) ? stars.Select(Stars).Max() : null,
        };
    }

    /// <summary>Whether a result passes every condition.</summary>
    public bool Matches(SearchResult result) =>
        (IsOfficial is not { } official || result.IsOfficial == official)
        && (MinimumStars is not { } minimum || result.StarCount >= minimum);

    private static bool? Bool(Dictionary<string, List<string>> byName, string name)
    {
        if (!byName.TryGetValue(name, out var values))
        {
            return null;
        }

        // Go's strconv.ParseBool, which docker uses: exactly these spellings.
        return values[0] switch
        {
            "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
            "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
            _ => throw UsageErrors.Filter($"{name}={string.Join(',', values)}"),
        };
    }

    private static int Stars(string value)
    {
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var stars))
        {
            return stars;
        }

        // Docker wraps Go's strconv error; the wording tells "not a number" from "too large".
        var reason = value.Length > 0 && value.TrimStart('+', '-').All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
        throw UsageErrors.StarsFilter(value, reason);
    }
}
