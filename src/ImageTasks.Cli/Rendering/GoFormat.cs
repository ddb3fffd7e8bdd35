using System.Globalization;
using System.Text;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// fmt.Sprintf for template values: the verbs people put in --format strings (%v %s %q %d %x %X %o %b %c %f %e %g %t
/// %%) with flags (- + 0 space), width and precision, and Go's markers for what does not fit (%!d(string=x),
/// %!s(MISSING), %!(EXTRA int=1)).
/// </summary>
internal static class GoFormat
{
    public static string Sprintf(string format, IReadOnlyList<object?> arguments)
    {
        var output = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                output.Append(c);
                continue;
            }

            i++;
            if (i >= format.Length)
            {
                output.Append("%!(NOVERB)");
                break;
            }

            var (minus, plus, zero, space) = (false, false, false, false);
            for (; i < format.Length && format[i] is '-' or '+' or '0' or ' ' or '#'; i++)
            {
                minus |= format[i] == '-';
                plus |= format[i] == '+';
                zero |= format[i] == '0';
                space |= format[i] == ' ';
            }

            var width = ReadNumber(format, ref i, arguments, ref next);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadNumber(format, ref i, arguments, ref next) ?? 0;
            }

            if (i >= format.Length)
            {
                output.Append("%!(NOVERB)");
                break;
            }

            var verb = format[i];
            if (verb == '%')
            {
                output.Append('%');
                continue;
            }

            if (next >= arguments.Count)
            {
                output.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            var argument = arguments[next++];
            var text = Verb(verb, argument, precision, plus, space);
            if (width is { } w && text.Length < w)
            {
                var numeric = argument is long or double && verb is not ('s' or 'q' or 'v' or 't' or 'c');
                text = minus ? text.PadRight(w)
                    : zero && numeric ? ZeroPad(text, w)
                    : text.PadLeft(w);
            }

            output.Append(text);
        }

        if (next < arguments.Count)
        {
            output.Append("%!(EXTRA ").Append(string.Join(", ", arguments.Skip(next).Select(a => GoValues.TypeName(a) + "=" + GoValues.Print(a)))).Append(')');
        }

        return output.ToString();
    }

    private static int? ReadNumber(string format, ref int i, IReadOnlyList<object?> arguments, ref int next)
    {
        if (i < format.Length && format[i] == '*')
        {
            i++;
            return next < arguments.Count && arguments[next++] is long star ? (int)star : null;
        }

        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            i++;
        }

        return i > start ? int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    private static string ZeroPad(string text, int width)
    {
        var sign = text.Length > 0 && text[0] is '-' or '+' ? text[..1] : "";
        return sign + text[sign.Length..].PadLeft(width - sign.Length, '0');
    }

    private static string Verb(char verb, object? argument, int? precision, bool plus, bool space)
    {
        string Bad() => $"%!{verb}({GoValues.TypeName(argument)}={GoValues.Print(argument)})";
        string Signed(string digits, bool negative) => (negative ? "-" : plus ? "+" : space ? " " : "") + digits;

        switch (verb)
        {
            case 'v':
                return argument is double real && precision is { } p ? real.ToString("F" + p, CultureInfo.InvariantCulture) : GoValues.Print(argument);
            case 's':
                if (argument is long or double or bool)
                {
                    return Bad();
                }

                var text = GoValues.Print(argument);
                return precision is { } max && max < text.Length ? text[..max] : text;
            case 'q':
                return argument switch
                {
                    string s => Quote(s),
                    // fmt applies the verb to each element of a slice: ["1" "0"].
                    string[] texts => "[" + string.Join(" ", texts.Select(Quote)) + "]",
                    long l => "'" + char.ConvertFromUtf32((int)l) + "'",
                    _ => Bad(),
                };
            case 't':
                return argument is bool b ? (b ? "true" : "false") : Bad();
            case 'd' or 'x' or 'X' or 'o' or 'b' or 'c':
                if (argument is string hexText && verb is 'x' or 'X')
                {
                    var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(hexText));
                    return verb == 'x' ? hex.ToLowerInvariant() : hex;
                }

                if (argument is not long whole)
                {
                    return Bad();
                }

                var magnitude = whole == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(whole);
                return verb switch
                {
                    'd' => Signed(magnitude.ToString(CultureInfo.InvariantCulture), whole < 0),
                    'x' => Signed(magnitude.ToString("x", CultureInfo.InvariantCulture), whole < 0),
                    'X' => Signed(magnitude.ToString("X", CultureInfo.InvariantCulture), whole < 0),
                    'o' => Signed(Convert.ToString((long)magnitude, 8), whole < 0),
                    'b' => Signed(Convert.ToString((long)magnitude, 2), whole < 0),
                    _ => char.ConvertFromUtf32((int)whole),
                };
            case 'f' or 'F' or 'e' or 'E' or 'g' or 'G':
                if (argument is not double number)
                {
                    return Bad();
                }

                var formatted = verb switch
                {
                    'f' or 'F' => Math.Abs(number).ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture),
                    'e' or 'E' => Exponent(Math.Abs(number), precision ?? 6, verb),
                    _ => precision is null ? GoValues.Float(Math.Abs(number)) : Math.Abs(number).ToString("G" + precision, CultureInfo.InvariantCulture),
                };
                return Signed(formatted, double.IsNegative(number));
            default:
                return Bad();
        }
    }

    // Go writes at least two exponent digits: 1.500000e+00.
    private static string Exponent(double value, int precision, char verb)
    {
        var text = value.ToString((verb == 'E' ? "E" : "e") + precision, CultureInfo.InvariantCulture);
        var at = text.IndexOfAny(['e', 'E']);
        var exponent = int.Parse(text[(at + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{text[..(at + 1)]}{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
    }

    /// <summary>strconv.Quote: Go escapes, non-printable characters as \x or \u.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            quoted.Append(rune.Value switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                < 0x20 or 0x7f => string.Create(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"),
                _ => rune.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
