using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.References;

/// <summary>
/// Docker's <c>reference=</c> filter: Go's path.Match glob (<c>*</c> and <c>?</c> never cross a <c>/</c>, <c>[a-z]</c>
/// classes, <c>\</c> escapes) tried on the familiar form and the familiar name, then on the full ones.
/// </summary>
public static class ReferencePattern
{
    public static bool Matches(string pattern, ImageReference reference) =>
        Glob(pattern, reference.ToFamiliarString()) || Glob(pattern, reference.FamiliarRepository)
        || Glob(pattern, reference.ToString()) || Glob(pattern, reference.Repository.ToString());

    /// <summary>Go's path.Match.</summary>
    public static bool Glob(string pattern, string name) => Glob(pattern, name, out _);

    /// <summary>
    /// Go's path.Match, done as Go does it: the pattern is cut into chunks at its stars and each chunk is placed at the
    /// leftmost position its star allows, never revisited. A star skips no further than the next <c>/</c>, so the
    /// leftmost placement is the one that leaves the most for the rest: no backtracking is needed, and the work is at
    /// most (pattern length) x (name length + 1) character steps, which <paramref name="steps"/> counts.
    /// </summary>
    internal static bool Glob(string pattern, string name, out long steps)
    {
        steps = 0;
        var p = pattern.AsSpan();
        var s = name.AsSpan();
        while (p.Length > 0)
        {
            var star = ScanChunk(ref p, out var chunk);
            if (star && chunk.IsEmpty)
            {
                return s.IndexOf('/') < 0; // a trailing star takes the rest of the name unless it has a /
            }

            // The chunk at the current position; unless it is the last, it need not reach the end of the name.
            var used = MatchChunk(pattern, chunk, s, ref steps);
            if (used >= 0 && (used == s.Length || p.Length > 0))
            {
                s = s[used..];
                continue;
            }

            var placed = false;
            if (star)
            {
                // Let the star take 1, 2, ... characters, never a /.
                for (var i = 0; i < s.Length && s[i] != '/'; i++)
                {
                    var tail = s[(i + 1)..];
                    used = MatchChunk(pattern, chunk, tail, ref steps);
                    if (used >= 0 && (used == tail.Length || p.Length > 0))
                    {
                        s = tail[used..];
                        placed = true;
                        break;
                    }
                }
            }

            if (!placed)
            {
                // Go reports a malformed pattern even when the name failed to match before reaching the bad part.
                while (p.Length > 0)
                {
                    ScanChunk(ref p, out var next);
                    MatchChunk(pattern, next, [], ref steps);
                }

                return false;
            }
        }

        return s.IsEmpty;
    }

    /// <summary>Takes the leading stars (true when there were any) and the chunk up to the next star outside a class off <paramref name="p"/>.</summary>
    private static bool ScanChunk(ref ReadOnlySpan<char> p, out ReadOnlySpan<char> chunk)
    {
        var star = false;
        while (p.Length > 0 && p[0] == '*')
        {
            p = p[1..];
            star = true;
        }

        var inClass = false;
        var i = 0;
        for (; i < p.Length; i++)
        {
            if (p[i] == '\\' && i + 1 < p.Length)
            {
                i++;
            }
            else if (p[i] == '[')
            {
                inClass = true;
            }
            else if (p[i] == ']')
            {
                inClass = false;
            }
            else if (p[i] == '*' && !inClass)
            {
                break;
            }
        }

        chunk = p[..i];
        p = p[i..];
        return star;
    }

    /// <summary>
    /// Matches a star-free chunk against the start of <paramref name="s"/>: the characters it took, or -1. The whole
    /// chunk is always read (as Go does) so a malformed class is reported whether or not the name matched.
    /// </summary>
    private static int MatchChunk(string pattern, ReadOnlySpan<char> chunk, ReadOnlySpan<char> s, ref long steps)
    {
        var failed = false;
        var length = s.Length;
        while (chunk.Length > 0)
        {
            steps++;
            failed |= s.IsEmpty;
            switch (chunk[0])
            {
                case '[':
                    var c = failed ? '\0' : s[0];
                    if (!failed)
                    {
                        s = s[1..];
                    }

                    chunk = chunk[1..];
                    var negated = chunk.Length > 0 && chunk[0] == '^';
                    if (negated)
                    {
                        chunk = chunk[1..];
                    }

                    var matched = false;
                    for (var ranges = 0; ; ranges++)
                    {
                        if (chunk.Length > 0 && chunk[0] == ']' && ranges > 0)
                        {
                            chunk = chunk[1..];
                            break;
                        }

                        var low = ClassChar(ref chunk, pattern);
                        var high = low;
                        if (chunk[0] == '-')
                        {
                            chunk = chunk[1..];
                            high = ClassChar(ref chunk, pattern);
                        }

                        matched |= low <= c && c <= high;
                    }

                    failed |= matched == negated;
                    break;
                case '?':
                    if (!failed)
                    {
                        failed = s[0] == '/';
                        s = s[1..];
                    }

                    chunk = chunk[1..];
                    break;
                default:
                    if (chunk[0] == '\\')
                    {
                        chunk = chunk[1..];
                        if (chunk.IsEmpty)
                        {
                            throw BadPattern(pattern);
                        }
                    }

                    if (!failed)
                    {
                        failed = chunk[0] != s[0];
                        s = s[1..];
                    }

                    chunk = chunk[1..];
                    break;
            }
        }

        return failed ? -1 : length - s.Length;
    }

    /// <summary>One character of a class (escaped or not); a class that ends too soon is malformed (Go's getEsc).</summary>
    private static char ClassChar(ref ReadOnlySpan<char> chunk, string pattern)
    {
        if (chunk.IsEmpty || chunk[0] is '-' or ']')
        {
            throw BadPattern(pattern);
        }

        if (chunk[0] == '\\')
        {
            chunk = chunk[1..];
            if (chunk.IsEmpty)
            {
                throw BadPattern(pattern);
            }
        }

        var c = chunk[0];
        chunk = chunk[1..];
        if (chunk.IsEmpty)
        {
            throw BadPattern(pattern);
        }

        return c;
    }

    private static UsageException BadPattern(string pattern) => UsageErrors.ReferencePattern(pattern);
}
