using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// What a template's dot is: <see cref="Fields"/> answers <c>{{.Name}}</c> and <c>{{.A.B}}</c> (a JSON object is a
/// name -&gt; value lookup that nests); <see cref="Json"/> is what <c>{{json .}}</c> prints when a command's JSON form
/// differs from its fields, as docker's do (search prints <c>[OK]</c> in a column but <c>"true"</c> in JSON).
/// </summary>
internal sealed record TemplateData(JsonNode? Fields, JsonNode? Json = null)
{
    /// <summary>The Go type docker's errors name for a field the dot lacks: "*formatter.imageContext", or "map" for inspect's maps.</summary>
    public string? TypeName { get; init; }

    /// <summary>
    /// <c>{{json .}}</c> escapes &lt; &gt; &amp; as \u003c...: docker's list contexts marshal themselves with json.Marshal,
    /// which escapes HTML, while the json function itself does not.
    /// </summary>
    public bool EscapeHtmlInJson { get; init; }

    /// <summary>A flat row of named strings, the usual shape for list commands.</summary>
    public static TemplateData FromStrings(IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<KeyValuePair<string, string>>? json = null) =>
        new(ToObject(fields), json is null ? null : ToObject(json));

    private static JsonObject ToObject(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in fields)
        {
            obj[name] = value;
        }

        return obj;
    }
}
