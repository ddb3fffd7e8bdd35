using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering.Templates;

/// <summary>How Go prints template values: fmt's %v for plain output, encoding/json (HTML-safe escaping) for <c>json</c>.</summary>
internal static class GoValueFormat
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    /// <summary>fmt %v: strings bare, slices as [a b], maps as map[k:v] with sorted keys.</summary>
    public static string Plain(JsonNode? value) => value switch
    {
        null => "<no value>",
        JsonArray array => "[" + string.Join(" ", array.Select(Plain)) + "]",
        JsonObject map => "map[" + string.Join(" ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Plain(p.Value)}")) + "]",
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
        _ => value.ToJsonString(Compact),
    };

    /// <summary>encoding/json, as <c>{{json .X}}</c> prints.</summary>
    public static string Json(JsonNode? value) => GoJson.Serialize(value);
}
