using ImageTasks.Core.Diagnostics;
using System.Globalization;

namespace ImageTasks.Core.Operations.Prune;

/// <summary>Docker's timestamp filter values: a Go duration before now (<c>24h</c>, <c>90m</c>, <c>1h30m</c>), RFC 3339, a date, or Unix seconds.</summary>
public static class Timestamps
{
    public static DateTimeOffset Parse(string value, DateTimeOffset now)
    {
        if (TryParseDuration(value, out var duration))
        {
            return now - duration;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        throw UsageErrors.TimeOrDuration(value);
    }

    /// <summary>Go's time.ParseDuration units: h, m, s, ms, us, ns, combined (<c>1h30m</c>).</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var i = 0;
        if (text.Length == 0)
        {
            return false;
        }

        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            TimeSpan? unit = text[unitStart..i] switch
            {
                "h" => TimeSpan.FromHours(1),
                "m" => TimeSpan.FromMinutes(1),
                "s" => TimeSpan.FromSeconds(1),
                "ms" => TimeSpan.FromMilliseconds(1),
                "us" or "µs" => TimeSpan.FromMicroseconds(1),
                "ns" => TimeSpan.FromTicks(1) / 100,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            duration += unit.Value * number;
        }

        return true;
    }
}
