using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// How Go prints a value in a template (<c>fmt</c>'s %v) and how docker's <c>json</c> template function writes it
/// (<c>encoding/json</c> with HTML escaping off), for values held as JSON nodes.
/// </summary>
/// <remarks>
/// A template value is one of: null (Go's nil), <see cref="Missing"/> (Go's invalid value, printed
/// <c>&lt;no value&gt;</c>), string, bool, long (Go's int), double (float64), string[] (the []string that
/// <c>split</c> returns), or a <see cref="JsonObject"/> (map) or <see cref="JsonArray"/> (slice) of data.
/// </remarks>
internal static class GoValues
{
    /// <summary>Go's invalid reflect.Value: a map's missing key (without missingkey=error), printed as &lt;no value&gt;.</summary>
    public static readonly object Missing = new MissingValue();

    /// <summary>A JSON node as a template value: scalars become CLR values, objects and arrays stay nodes.</summary>
    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject or JsonArray:
                return node;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                ? (object)whole
                : double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>A template value as a JSON node (for the json function).</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        long whole => JsonValue.Create(whole),
        double real => JsonValue.Create(real),
        string[] texts => new JsonArray(texts.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        _ => null,
    };

    /// <summary>fmt's %v of a template value.</summary>
    public static string Print(object? value) => value switch
    {
        null => "<nil>",
        MissingValue => "<no value>",
        string text => text,
        bool flag => flag ? "true" : "false",
        long whole => whole.ToString(CultureInfo.InvariantCulture),
        double real => Float(real),
        string[] texts => "[" + string.Join(" ", texts) + "]",
        JsonNode node => Text(node),
        _ => value.ToString() ?? "",
    };

    /// <summary>The Go type docker's value would have, for error messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "<nil>",
        string => "string",
        bool => "bool",
        long => "int",
        double => "float64",
        string[] => "[]string",
        JsonObject => "map[string]interface {}",
        JsonArray => "[]interface {}",
        _ => "interface {}",
    };

    /// <summary>text/template's truth: false, 0, nil, an empty string, slice or map are false. Null when it has none.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null or MissingValue => false,
        string text => text.Length > 0,
        bool flag => flag,
        long whole => whole != 0,
        double real => real != 0,
        string[] texts => texts.Length > 0,
        JsonObject obj => obj.Count > 0,
        JsonArray array => array.Count > 0,
        _ => true,
    };

    /// <summary>fmt's %v of a float64 (%g, shortest digits): exponent form when the exponent is below -4 or 6 and up.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var sign = double.IsNegative(value) ? "-" : "";
        if (value == 0)
        {
            return sign + "0";
        }

        // "R" gives the shortest digits that round-trip, as Go's shortest formatting does; take them apart.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var power = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            power = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? text : text.Remove(dot, 1);
        var point = (dot < 0 ? text.Length : dot) + power;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        point -= leadingZeros;
        var exponent = point - 1;
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}");
        }

        return sign + (point <= 0 ? "0." + new string('0', -point) + digits
            : point >= digits.Length ? digits + new string('0', point - digits.Length)
            : digits[..point] + "." + digits[point..]);
    }

    /// <summary>Compact JSON of a template value, as docker's json function writes it.</summary>
    public static string Json(object? value) => value is JsonNode or null ? Json((JsonNode?)value) : Json(ToNode(value));

    /// <summary>%v: strings bare, objects as <c>map[k:v ...]</c> with sorted keys, arrays as <c>[a b]</c>, null as <c>&lt;nil&gt;</c>.</summary>
    public static string Text(JsonNode? node)
    {
        var text = new StringBuilder();
        AppendText(text, node);
        return text.ToString();
    }

    /// <summary>Compact JSON as Go's encoder writes it: object keys in the node's order, no HTML escaping.</summary>
    public static string Json(JsonNode? node)
    {
        var text = new StringBuilder();
        AppendJson(text, node);
        return text.ToString();
    }

    private static void AppendText(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("<nil>");
                break;
            case JsonObject obj:
                text.Append("map[");
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : " ").Append(key).Append(':');
                    AppendText(text, value);
                    first = false;
                }

                text.Append(']');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : " ");
                    AppendText(text, array[i]);
                }

                text.Append(']');
                break;
            default:
                text.Append(node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString());
                break;
        }
    }

    private static void AppendJson(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    text.Append(first ? "" : ",");
                    AppendString(text, key);
                    text.Append(':');
                    AppendJson(text, value);
                    first = false;
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    AppendJson(text, array[i]);
                }

                text.Append(']');
                break;
            default:
                if (node.GetValueKind() == JsonValueKind.String)
                {
                    AppendString(text, node.GetValue<string>());
                }
                else
                {
                    text.Append(node.ToJsonString());
                }

                break;
        }
    }

    /// <summary>Go's string encoding: short escapes for \b \f \n \r \t, \u00xx for other controls, U+2028/2029 escaped.</summary>
    private static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < 0x20 or 0x2028 or 0x2029:
                    text.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(rune.ToString());
                    break;
            }
        }

        text.Append('"');
    }
}
