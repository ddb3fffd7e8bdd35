using System.Globalization;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Operations.Lock;

/// <summary>
/// When a new pin was made, as the lock records it: SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
/// convention) when it is set, so the build and <c>dotnet image lock</c> write byte-identical locks; else now.
/// </summary>
public static class PinTime
{
    public const string Variable = "SOURCE_DATE_EPOCH";

    /// <returns>the time SOURCE_DATE_EPOCH names, or null when it is not set</returns>
    public static DateTimeOffset? FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var value = getVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // As the reproducible-builds specification asks: a value that is not a plain count of seconds is an error, not ignored.
        return long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw PinningErrors.InvalidSetting(Variable, value, ["a whole number of seconds since 1970-01-01T00:00:00Z"]);
    }
}
