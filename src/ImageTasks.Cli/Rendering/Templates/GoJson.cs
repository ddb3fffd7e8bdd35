using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering.Templates;

/// <summary>Go's encoding/json output: HTML-safe escapes (\u003c \u003e \u0026), compact or indented by four spaces as docker inspect prints.</summary>
internal static class GoJson
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true, IndentSize = 4 };

    public static string Serialize(JsonNode? value, bool indented = false)
    {
        var text = value is null ? "null" : value.ToJsonString(indented ? Indented : Compact);
        // These characters can only occur inside JSON strings, so replacing them everywhere is safe.
        return text.Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal);
    }
}
