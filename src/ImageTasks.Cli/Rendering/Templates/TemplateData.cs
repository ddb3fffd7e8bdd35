using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering.Templates;

/// <summary>
/// What a template runs over: a JSON object (what <c>{{json .}}</c> prints, keys in docker's order) plus fields that
/// templates may name but docker's JSON does not carry (e.g. ls's <c>.Labels</c>), computed only when named.
/// </summary>
internal sealed record TemplateData(JsonObject Json, string TypeName, IReadOnlyDictionary<string, Func<JsonNode?>>? Extra = null)
{
    public bool TryGet(string field, out JsonNode? value)
    {
        if (Json.TryGetPropertyValue(field, out value))
        {
            return true;
        }

        value = null;
        if (Extra is null || !Extra.TryGetValue(field, out var compute))
        {
            return false;
        }

        value = compute();
        return true;
    }
}
