using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering;

/// <summary>What a template function's parameter accepts (the Go parameter types that matter for docker's functions).</summary>
internal enum ParameterType
{
    Any,
    String,
    Int,
    StringSlice,
}

/// <summary>A function failed on its arguments: Go reports it as <c>error calling NAME: MESSAGE</c>.</summary>
internal sealed class TemplateFunctionException(string message) : Exception(message);

/// <param name="Parameters">the fixed parameters</param>
/// <param name="Variadic">the type of further arguments, when the function takes any number</param>
/// <param name="IsDocker">docker's own functions (cli/templates), which a table header passes through</param>
internal sealed record TemplateFunction(string Name, ParameterType[] Parameters, ParameterType? Variadic, Func<IReadOnlyList<object?>, object?> Call, bool IsDocker = false);

/// <summary>
/// Go's text/template builtins (and, or, not, len, index, slice, print, printf, println, html, js, urlquery, eq, ne,
/// lt, le, gt, ge) and docker's (json, split, join, title, lower, upper, pad, truncate), with Go's error wording.
/// </summary>
internal static class TemplateFunctions
{
    private static readonly Dictionary<string, TemplateFunction> Functions = new TemplateFunction[]
    {
        new("and", [ParameterType.Any], ParameterType.Any, a => a.FirstOrDefault(v => !GoValues.IsTrue(v), a[^1])),
        new("or", [ParameterType.Any], ParameterType.Any, a => a.FirstOrDefault(GoValues.IsTrue, a[^1])),
        new("not", [ParameterType.Any], null, a => !GoValues.IsTrue(a[0])),
        new("len", [ParameterType.Any], null, a => Length(a[0])),
        new("index", [ParameterType.Any], ParameterType.Any, a => Index(a[0], a.Skip(1))),
        new("slice", [ParameterType.Any], ParameterType.Any, a => Slice(a[0], a.Skip(1).ToList())),
        new("print", [], ParameterType.Any, Sprint),
        new("printf", [ParameterType.String], ParameterType.Any, a => GoFormat.Sprintf((string)a[0]!, a.Skip(1).ToList())),
        new("println", [], ParameterType.Any, a => string.Join(" ", a.Select(GoValues.Print)) + "\n"),
        new("html", [], ParameterType.Any, a => Html(EvalArgs(a))),
        new("js", [], ParameterType.Any, a => JavaScript(EvalArgs(a))),
        new("urlquery", [], ParameterType.Any, a => UrlQuery(EvalArgs(a))),
        new("eq", [ParameterType.Any], ParameterType.Any, a => Equal(a[0], a.Skip(1).ToList())),
        new("ne", [ParameterType.Any, ParameterType.Any], null, a => !Equal(a[0], [a[1]])),
        new("lt", [ParameterType.Any, ParameterType.Any], null, a => Less(a[0], a[1])),
        new("le", [ParameterType.Any, ParameterType.Any], null, a => Less(a[0], a[1]) || Equal(a[0], [a[1]])),
        new("gt", [ParameterType.Any, ParameterType.Any], null, a => !(Less(a[0], a[1]) || Equal(a[0], [a[1]]))),
        new("ge", [ParameterType.Any, ParameterType.Any], null, a => !Less(a[0], a[1])),

        // docker's cli/templates basicFunctions.
        new("json", [ParameterType.Any], null, a => GoValues.Json(a[0]), IsDocker: true),
        new("split", [ParameterType.String, ParameterType.String], null, a => Split((string)a[0]!, (string)a[1]!), IsDocker: true),
        new("join", [ParameterType.StringSlice, ParameterType.String], null, a => string.Join((string)a[1]!, (string[])a[0]!), IsDocker: true),
        new("title", [ParameterType.String], null, a => Title((string)a[0]!), IsDocker: true),
        new("lower", [ParameterType.String], null, a => ((string)a[0]!).ToLowerInvariant(), IsDocker: true),
        new("upper", [ParameterType.String], null, a => ((string)a[0]!).ToUpperInvariant(), IsDocker: true),
        new("pad", [ParameterType.String, ParameterType.Int, ParameterType.Int], null, a => Pad((string)a[0]!, (long)a[1]!, (long)a[2]!), IsDocker: true),
        new("truncate", [ParameterType.String, ParameterType.Int], null, a => Truncate((string)a[0]!, (long)a[1]!), IsDocker: true),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static bool Exists(string name) => Functions.ContainsKey(name);

    public static TemplateFunction Get(string name) => Functions[name];

    private static long Length(object? value) => value switch
    {
        string text => Encoding.UTF8.GetByteCount(text),
        string[] texts => texts.Length,
        JsonArray array => array.Count,
        JsonObject obj => obj.Count,
        null or MissingValue => throw new TemplateFunctionException("len of nil pointer"),
        _ => throw new TemplateFunctionException($"len of type {GoValues.TypeName(value)}"),
    };

    private static object? Index(object? item, IEnumerable<object?> indexes)
    {
        if (item is null or MissingValue)
        {
            throw new TemplateFunctionException("index of untyped nil");
        }

        foreach (var index in indexes)
        {
            item = item switch
            {
                JsonObject obj => index is string key
                    ? obj.TryGetPropertyValue(key, out var child) ? GoValues.FromNode(child) : ""
                    : throw new TemplateFunctionException($"value has type {GoValues.TypeName(index)}; should be string"),
                JsonArray array => GoValues.FromNode(array[Position(index, array.Count, "slice/array")]),
                string[] texts => texts[Position(index, texts.Length, "slice/array")],
                string text => (long)Encoding.UTF8.GetBytes(text)[Position(index, Encoding.UTF8.GetByteCount(text), "string")],
                null or MissingValue => throw new TemplateFunctionException("index of nil pointer"),
                _ => throw new TemplateFunctionException($"can't index item of type {GoValues.TypeName(item)}"),
            };
        }

        return item;
    }

    private static int Position(object? index, int length, string what)
    {
        if (index is not long position)
        {
            throw new TemplateFunctionException($"cannot index {what} with type {GoValues.TypeName(index)}");
        }

        if (position < 0 || position >= length)
        {
            throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture, $"index out of range: {position}"));
        }

        return (int)position;
    }

    private static object? Slice(object? item, List<object?> indexes)
    {
        var length = item switch
        {
            string text => Encoding.UTF8.GetByteCount(text),
            string[] texts => texts.Length,
            JsonArray array => array.Count,
            null or MissingValue => throw new TemplateFunctionException("slice of untyped nil"),
            _ => throw new TemplateFunctionException($"can't slice item of type {GoValues.TypeName(item)}"),
        };
        if (indexes.Count > 3 || (indexes.Count == 3 && item is string))
        {
            throw new TemplateFunctionException(item is string ? "cannot 3-index slice a string" : "too many slice indexes: " + indexes.Count.ToString(CultureInfo.InvariantCulture));
        }

        var bounds = new long[] { 0, length };
        for (var i = 0; i < Math.Min(indexes.Count, 2); i++)
        {
            if (indexes[i] is not long bound)
            {
                throw new TemplateFunctionException($"cannot index slice/array with type {GoValues.TypeName(indexes[i])}");
            }

            if (bound < 0 || bound > length)
            {
                throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture, $"index out of range: {bound}"));
            }

            bounds[i] = bound;
        }

        if (bounds[0] > bounds[1])
        {
            throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture, $"invalid slice index: {bounds[0]} > {bounds[1]}"));
        }

        var (from, to) = ((int)bounds[0], (int)bounds[1]);
        return item switch
        {
            string text => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text), from, to - from),
            string[] texts => texts[from..to],
            _ => new JsonArray(((JsonArray)item!).Skip(from).Take(to - from).Select(n => n?.DeepClone()).ToArray()),
        };
    }

    /// <summary>fmt.Sprint: a space between operands when neither is a string.</summary>
    private static string Sprint(IReadOnlyList<object?> values)
    {
        var text = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0 && values[i] is not string && values[i - 1] is not string)
            {
                text.Append(' ');
            }

            text.Append(GoValues.Print(values[i]));
        }

        return text.ToString();
    }

    // text/template's evalArgs: a lone string as it is, anything else through fmt.Sprint.
    private static string EvalArgs(IReadOnlyList<object?> values) => values is [string only] ? only : Sprint(values);

    private static string Html(string text)
    {
        var html = new StringBuilder();
        foreach (var c in text)
        {
            html.Append(c switch
            {
                '"' => "&#34;",
                '\'' => "&#39;",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\0' => "\uFFFD",
                _ => c.ToString(),
            });
        }

        return html.ToString();
    }

    private static string JavaScript(string text)
    {
        var js = new StringBuilder();
        foreach (var c in text)
        {
            js.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '"' => "\\\"",
                '<' => "\\u003C",
                '>' => "\\u003E",
                '&' => "\\u0026",
                '=' => "\\u003D",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }

        return js.ToString();
    }

    // url.QueryEscape: unreserved characters kept, space as '+', every other byte %XX.
    private static string UrlQuery(string text)
    {
        var query = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            query.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' ? c.ToString()
                : c == ' ' ? "+"
                : string.Create(CultureInfo.InvariantCulture, $"%{b:X2}"));
        }

        return query.ToString();
    }

    private enum Kind
    {
        Invalid,
        Bool,
        Int,
        Float,
        String,
        Other,
    }

    private static Kind KindOf(object? value) => value switch
    {
        null or MissingValue => Kind.Invalid,
        bool => Kind.Bool,
        long => Kind.Int,
        double => Kind.Float,
        string => Kind.String,
        _ => Kind.Other,
    };

    private static bool Equal(object? first, List<object?> others)
    {
        if (others.Count == 0)
        {
            throw new TemplateFunctionException("missing argument for comparison");
        }

        var kind = KindOf(first);
        foreach (var other in others)
        {
            var otherKind = KindOf(other);
            if (kind != otherKind)
            {
                if (kind != Kind.Invalid && otherKind != Kind.Invalid)
                {
                    throw new TemplateFunctionException("incompatible types for comparison");
                }

                continue;
            }

            if (kind == Kind.Other)
            {
                throw new TemplateFunctionException($"non-comparable type {GoValues.Print(first)}: {GoValues.TypeName(first)}");
            }

            if (kind == Kind.Invalid || Equals(first, other))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Less(object? first, object? second)
    {
        var (kind, otherKind) = (KindOf(first), KindOf(second));
        if (kind is Kind.Bool or Kind.Other or Kind.Invalid || otherKind is Kind.Bool or Kind.Other or Kind.Invalid)
        {
            throw new TemplateFunctionException("invalid type for comparison");
        }

        if (kind != otherKind)
        {
            throw new TemplateFunctionException("incompatible types for comparison");
        }

        return first switch
        {
            long a => a < (long)second!,
            double a => a < (double)second!,
            _ => string.CompareOrdinal((string)first!, (string)second!) < 0,
        };
    }

    // strings.Split: an empty separator splits after each character; an empty string is one empty element.
    private static string[] Split(string text, string separator) =>
        separator.Length == 0
            ? text.EnumerateRunes().Select(r => r.ToString()).ToArray()
            : text.Split(separator);

    // strings.Title: the first letter of each word in upper case; a word starts after anything but a letter, digit or '_'.
    private static string Title(string text)
    {
        var title = new StringBuilder(text.Length);
        var previous = ' ';
        foreach (var c in text)
        {
            var startsWord = !(char.IsLetterOrDigit(previous) || previous == '_' || previous == '\'');
            title.Append(startsWord ? char.ToUpperInvariant(c) : c);
            previous = c;
        }

        return title.ToString();
    }

    private static string Pad(string text, long before, long after) =>
        new string(' ', (int)Math.Max(0, before)) + text + new string(' ', (int)Math.Max(0, after));

    // docker's truncateWithLength counts bytes; the cut is kept on a character boundary here.
    private static string Truncate(string text, long length) =>
        Encoding.UTF8.GetByteCount(text) <= length ? text : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text), 0, (int)Math.Max(0, length)).TrimEnd('\uFFFD');
}
