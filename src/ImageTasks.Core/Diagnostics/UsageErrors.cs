namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// Arguments, option values and filters the operations refuse (IMG2002), worded as docker words them where docker has
/// the same rule, so scripts that match docker's output keep working. No CLI flag names here: the CLI adds those.
/// </summary>
public static class UsageErrors
{
    /// <summary>The rule a filter breaks without '=': docker's words, which the CLI puts after its flag name.</summary>
    public const string FilterFormatRule = "bad format of filter (expected name=value)";

    /// <summary>A filter without <c>name=value</c>; <see cref="UsageException.Input"/> is the filter.</summary>
    public static UsageException FilterFormat(string filter) => new(DiagnosticCodes.InvalidArgument, $"{FilterFormatRule}: {filter}", filter, FilterFormatRule);

    /// <summary>docker 28's words for an ls flag it does not combine with --tree.</summary>
    public static UsageException NotWithTree(string flag) => new(DiagnosticCodes.InvalidArgument, $"{flag} is not yet supported with --tree", flag);

    /// <summary>docker image ls's wording for an unknown filter name, or a value it cannot take (<c>dangling=[maybe]</c>).</summary>
    public static UsageException ListFilter(string filter) => new(DiagnosticCodes.InvalidArgument, $"Invalid filter '{filter}'", filter);

    /// <summary>docker's (search, prune) wording for an unknown filter name or a value it cannot take.</summary>
    public static UsageException Filter(string filter) => new(DiagnosticCodes.InvalidArgument, $"invalid filter '{filter}'", filter);

    /// <summary>docker search's wording for a <c>stars=</c> value that is not a number.</summary>
    public static UsageException StarsFilter(string value, string reason) => new(DiagnosticCodes.InvalidArgument,
        $"invalid filter 'stars={value}': strconv.Atoi: parsing \"{value}\": {reason}", value);

    /// <summary>A time filter (<c>until=</c>) that is neither a timestamp nor a duration.</summary>
    public static UsageException TimeOrDuration(string value) => new(DiagnosticCodes.InvalidArgument,
        $"failed to parse value as time or duration: \"{value}\"", value);

    /// <summary>docker search's result limit outside its range.</summary>
    public static UsageException SearchLimit(int limit, int max) => new(DiagnosticCodes.InvalidArgument,
        $"limit {limit} is outside the range of [1, {max}]", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A search term given as a URL.</summary>
    public static UsageException SearchTermScheme(string term) => new(DiagnosticCodes.InvalidArgument,
        $"invalid repository name: repository name ({term}) should not have a scheme", term);

    /// <summary>A reference pattern (ls's REPOSITORY[:TAG], reference=) that is not a valid glob.</summary>
    public static UsageException ReferencePattern(string pattern) => new(DiagnosticCodes.InvalidArgument,
        $"invalid reference pattern {pattern}: syntax error in pattern", pattern);

    /// <summary>docker tag's refusal to make a tag out of a digest reference.</summary>
    public static UsageException TagWithDigest(string target) => new(DiagnosticCodes.InvalidArgument,
        $"refusing to create a tag with a digest reference: {target}", target);

    /// <summary>Pulling every tag of a repository, given a reference that names one tag or digest already.</summary>
    public static UsageException TagWithAllTags(string reference) => new(DiagnosticCodes.InvalidArgument,
        $"{reference} names a tag or digest, and all tags of its repository were asked for: give the repository alone", reference);

    /// <summary>Two options that exclude each other; <paramref name="why"/> says why.</summary>
    public static UsageException Conflict(string first, string second, string why) => new(DiagnosticCodes.InvalidArgument,
        $"{first} and {second} cannot be used together: {why}");

    /// <summary>A file named on the command line that does not exist.</summary>
    public static UsageException NoSuchFile(string path) => new(DiagnosticCodes.FileAccess, $"no such file: {path}", path);
}
