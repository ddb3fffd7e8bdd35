using System.Text.Json.Nodes;

namespace ImageTasks.Testing;

/// <summary>
/// One resource scope, as a client asks for it (<c>repository:library/alpine:pull,push</c>) and as a token grants it
/// (the JWT <c>access</c> claim's <c>{"type","name","actions"}</c>).
/// </summary>
public sealed record TokenAccess(string Type, string Name, IReadOnlyList<string> Actions)
{
    /// <summary>
    /// Parses <c>type:name:actions</c>. The name sits between the first and the last colon (distribution's own rule),
    /// so a name with a registry port in it still parses. Null when the text is not a scope.
    /// </summary>
    public static TokenAccess? Parse(string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        if (first <= 0 || last <= first + 1)
        {
            return null;
        }

        var actions = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new TokenAccess(scope[..first], scope[(first + 1)..last], actions);
    }

    /// <summary>The same resource with only the actions that <paramref name="allowed"/> lets through.</summary>
    public TokenAccess Restrict(Func<string, bool> allowed) => this with { Actions = Actions.Where(allowed).ToArray() };

    public JsonObject ToJson() => new()
    {
        ["type"] = Type,
        ["name"] = Name,
        ["actions"] = new JsonArray(Actions.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
    };

    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
}
