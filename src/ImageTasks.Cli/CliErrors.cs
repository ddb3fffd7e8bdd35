using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Cli;

/// <summary>
/// Failures worded with the CLI's flag names, in docker's words (its flag parser's, pflag's), so they stay out of the
/// engine: the engine says what rule broke, the CLI says which flag.
/// </summary>
internal static class CliErrors
{
    /// <summary>How the CLI shows what an internal error hides.</summary>
    public const string DetailsHint = "run with --debug for details";

    /// <summary>pflag's wording for a flag value that breaks <paramref name="rule"/>.</summary>
    public static UsageException InvalidFlagArgument(string value, string flag, string rule) =>
        new(DiagnosticCodes.InvalidArgument, $"invalid argument \"{value}\" for \"{flag}\" flag: {rule}", value, rule);

    /// <summary>docker login's wording for both password flags at once.</summary>
    public static UsageException PasswordFlagsExclusive() => new(DiagnosticCodes.InvalidArgument, "--password and --password-stdin are mutually exclusive");

    /// <summary>docker login's wording for --password-stdin without a user name.</summary>
    public static UsageException UsernameRequiredWithPasswordStdin() => new(DiagnosticCodes.InvalidArgument, "Must provide --username with --password-stdin");

    /// <summary>docker pull's wording for NAME:TAG with --all-tags.</summary>
    public static UsageException TagWithAllTags() => new(DiagnosticCodes.InvalidArgument, "tag can't be used with --all-tags/-a");
}
