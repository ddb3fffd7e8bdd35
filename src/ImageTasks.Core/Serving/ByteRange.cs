using System.Globalization;

namespace ImageTasks.Core.Serving;

/// <summary>
/// One <c>Range: bytes=...</c> request over a blob of known length (RFC 9110 section 14): <c>bytes=A-B</c>,
/// <c>bytes=A-</c> and the suffix <c>bytes=-N</c>. A header that is not one well-formed byte range is ignored and the
/// whole blob is sent, as the RFC allows (clients resume with one range; none asks for several).
/// </summary>
public readonly record struct ByteRange(long Offset, long Length)
{
    /// <summary>What a Range header asks of a blob of <paramref name="size"/> bytes.</summary>
    public static RangeRequest Evaluate(string? header, long size)
    {
        if (string.IsNullOrEmpty(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return RangeRequest.Whole;
        }

        var spec = header.AsSpan("bytes=".Length).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0 || spec.Contains(','))
        {
            return RangeRequest.Whole;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            // bytes=-N: the last N bytes; N = 0 can never be satisfied.
            if (!TryParse(last, out var suffix))
            {
                return RangeRequest.Whole;
            }

            return suffix == 0 || size == 0 ? RangeRequest.Unsatisfiable : RangeRequest.Of(new ByteRange(Math.Max(0, size - suffix), Math.Min(suffix, size)));
        }

        if (!TryParse(first, out var start))
        {
            return RangeRequest.Whole;
        }

        long end = size - 1;
        if (!last.IsEmpty)
        {
            if (!TryParse(last, out end) || end < start)
            {
                return RangeRequest.Whole;
            }

            end = Math.Min(end, size - 1);
        }

        return start >= size ? RangeRequest.Unsatisfiable : RangeRequest.Of(new ByteRange(start, end - start + 1));
    }

    /// <summary>The Content-Range value of a 206: <c>bytes A-B/SIZE</c>.</summary>
    public string ContentRange(long size) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes {Offset}-{Offset + Length - 1}/{size}");

    private static bool TryParse(ReadOnlySpan<char> digits, out long value) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}

/// <summary>The outcome of a Range header: the whole blob, one range of it, or a range past its end (416).</summary>
public readonly record struct RangeRequest(ByteRange? Range, bool IsUnsatisfiable)
{
    public static RangeRequest Whole => default;

    public static RangeRequest Unsatisfiable => new(null, true);

    public static RangeRequest Of(ByteRange range) => new(range, false);
}
