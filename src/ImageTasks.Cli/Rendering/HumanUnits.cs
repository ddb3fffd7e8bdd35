using System.Globalization;

namespace ImageTasks.Cli.Rendering;

/// <summary>Docker's units (go-units): decimal sizes with three significant digits, and "2 years ago" durations.</summary>
internal static class HumanUnits
{
    private static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

    /// <summary>go-units HumanSizeWithPrecision: docker image ls uses 3 digits (3.89MB, 212MB), VirtualSize and prune 4 (24.58kB).</summary>
    public static string Size(double size, int precision = 3)
    {
        var unit = 0;
        while (size >= 1000 && unit < DecimalUnits.Length - 1)
        {
            size /= 1000;
            unit++;
        }

        return GoFormatG(size, precision) + DecimalUnits[unit];
    }

    /// <summary>Go's %.{precision}g: shortest of fixed/exponent with trailing zeros removed.</summary>
    public static string GoFormatG(double value, int precision)
    {
        if (value == 0)
        {
            return "0";
        }

        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(Math.Round(value, Math.Max(0, precision - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value)))), MidpointRounding.ToEven))));
        if (exponent < -4 || exponent >= precision)
        {
            var mantissa = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var parts = mantissa.Split('E');
            var digits = parts[0].Contains('.', StringComparison.Ordinal) ? parts[0].TrimEnd('0').TrimEnd('.') : parts[0];
            var exp = int.Parse(parts[1], CultureInfo.InvariantCulture);
            return $"{digits}e{(exp < 0 ? '-' : '+')}{Math.Abs(exp):00}";
        }

        var decimals = Math.Max(0, precision - 1 - exponent);
        var fixedText = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return fixedText.Contains('.', StringComparison.Ordinal) ? fixedText.TrimEnd('0').TrimEnd('.') : fixedText;
    }

    /// <summary>go-units HumanDuration, as docker's CREATED column prints it (without " ago").</summary>
    public static string Duration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }

        if (seconds == 1)
        {
            return "1 second";
        }

        if (seconds < 60)
        {
            return $"{seconds} seconds";
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return $"{minutes} minutes";
        }

        var hours = (long)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        if (hours == 1)
        {
            return "About an hour";
        }

        if (hours < 48)
        {
            return $"{hours} hours";
        }

        if (hours < 24 * 7 * 2)
        {
            return $"{hours / 24} days";
        }

        if (hours < 24 * 30 * 2)
        {
            return $"{hours / 24 / 7} weeks";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24 / 30} months";
        }

        return $"{(long)d.TotalHours / 24 / 365} years";
    }

    /// <summary>Go's RFC3339Nano in UTC (<c>2024-01-15T12:03:00Z</c>), as docker prints image and history times.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string Ago(DateTimeOffset? created, DateTimeOffset now) =>
        created is { } c && c.Year > 1 ? Duration(now - c) + " ago" : "N/A";
}
