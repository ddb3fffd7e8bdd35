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
    public static bool Glob(string pattern, string name) => Match(pattern, 0, name, 0);

    private static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            switch (p[pi])
            {
                case '*':
                    // A star matches any run of non-separators, including none.
                    for (var end = si; ; end++)
                    {
                        if (Match(p, pi + 1, s, end))
                        {
                            return true;
                        }

                        if (end >= s.Length || s[end] == '/')
                        {
                            return false;
                        }
                    }

                case '?':
                    if (si >= s.Length || s[si] == '/')
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
                case '[':
                    if (si >= s.Length || s[si] == '/' || !MatchClass(p, ref pi, s[si]))
                    {
                        return false;
                    }

                    si++;
                    break;
                case '\\' when pi + 1 < p.Length:
                    if (si >= s.Length || s[si] != p[pi + 1])
                    {
                        return false;
                    }

                    pi += 2;
                    si++;
                    break;
                default:
                    if (si >= s.Length || s[si] != p[pi])
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
            }
        }

        return si == s.Length;
    }

    /// <summary>A [class] at p[pi]; moves pi past it.</summary>
    private static bool MatchClass(string p, ref int pi, char c)
    {
        pi++;
        var negated = pi < p.Length && p[pi] == '^';
        if (negated)
        {
            pi++;
        }

        var matched = false;
        var first = true;
        while (pi < p.Length && (p[pi] != ']' || first))
        {
            first = false;
            var low = p[pi] == '\\' && pi + 1 < p.Length ? p[++pi] : p[pi];
            pi++;
            var high = low;
            if (pi + 1 < p.Length && p[pi] == '-' && p[pi + 1] != ']')
            {
                high = p[pi + 1] == '\\' && pi + 2 < p.Length ? p[pi + 2] : p[pi + 1];
                pi += p[pi + 1] == '\\' ? 3 : 2;
            }

            matched |= low <= c && c <= high;
        }

        if (pi >= p.Length)
        {
            throw UsageErrors.ReferencePattern(p);
        }

        pi++; // past ]
        return matched != negated;
    }
}
