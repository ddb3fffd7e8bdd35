using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// How Go prints a value in a template (<c>fmt</c>'s %v) and how docker's <c>json</c> template function writes it
/// (<c>encoding/json</c> with HTML escaping off), for values held as JSON nodes.
/// </summary>
internal static class GoValues
{
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
