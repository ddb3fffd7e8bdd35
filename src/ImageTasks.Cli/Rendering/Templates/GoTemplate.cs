using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering.Templates;

/// <summary>
/// The part of Go's text/template that docker users write in <c>--format</c>: text, <c>{{.Field}}</c>,
/// <c>{{.A.B}}</c>, <c>{{.}}</c>, and the functions <c>json</c>, <c>join</c>, <c>index</c>, <c>upper</c>, <c>lower</c>,
/// <c>len</c>. Docker's conventions sit on top: a leading <c>table</c> (header row, aligned columns), <c>\t</c> and
/// <c>\n</c> escapes, and the shortcut <c>json</c> for <c>{{json .}}</c>. Errors carry Go's wording.
/// </summary>
internal sealed class GoTemplate
{
    private readonly List<Node> _nodes;

    private GoTemplate(List<Node> nodes, bool isTable)
    {
        _nodes = nodes;
        IsTable = isTable;
    }

    public bool IsTable { get; }

    public static GoTemplate Parse(string format)
    {
        var text = format.Trim() == "json" ? "{{json .}}" : format;
        var isTable = text.StartsWith("table", StringComparison.Ordinal) && (text.Length == 5 || char.IsWhiteSpace(text[5]));
        if (isTable)
        {
            text = text[5..];
        }

        text = text.Trim(' ').Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        return new GoTemplate(ParseNodes(text), isTable);
    }

    /// <summary>Renders the template over one value; throws <see cref="TemplateException"/> for a field the value lacks.</summary>
    public string Execute(TemplateData data)
    {
        var output = new StringBuilder();
        foreach (var node in _nodes)
        {
            output.Append(node switch
            {
                TextNode t => t.Text,
                ActionNode a => Evaluate(a, data),
                _ => "",
            });
        }

        return output.ToString();
    }

    /// <summary>The header row of a table: each field action replaced by its column name, everything else kept.</summary>
    public string Header(IReadOnlyDictionary<string, string> columnNames)
    {
        var output = new StringBuilder();
        foreach (var node in _nodes)
        {
            output.Append(node switch
            {
                TextNode t => t.Text,
                ActionNode { Arguments: [FieldArgument { Path: [var field, ..] }] } =>
                    columnNames.TryGetValue(field, out var name) ? name : field.ToUpperInvariant(),
                _ => "",
            });
        }

        return output.ToString();
    }

    private static string Evaluate(ActionNode action, TemplateData data)
    {
        if (action.Function is null)
        {
            return GoValueFormat.Plain(Resolve(action.Arguments[0], action, data));
        }

        var values = action.Arguments.Select(a => Resolve(a, action, data)).ToList();
        return action.Function switch
        {
            "json" => GoValueFormat.Json(values.Single()),
            "upper" => GoValueFormat.Plain(values.Single()).ToUpperInvariant(),
            "lower" => GoValueFormat.Plain(values.Single()).ToLowerInvariant(),
            "len" => (values.Single() switch { JsonArray a => a.Count, JsonObject o => o.Count, var v => GoValueFormat.Plain(v).Length }).ToString(CultureInfo.InvariantCulture),
            "join" => values[0] is JsonArray items ? string.Join(GoValueFormat.Plain(values[1]), items.Select(GoValueFormat.Plain)) : GoValueFormat.Plain(values[0]),
            "index" => GoValueFormat.Plain(values[0] is JsonObject map && map.TryGetPropertyValue(GoValueFormat.Plain(values[1]), out var item) ? item : null),
            _ => throw new TemplateException($":{action.Line}: function \"{action.Function}\" not defined"),
        };
    }

    private static JsonNode? Resolve(Argument argument, ActionNode action, TemplateData data)
    {
        if (argument is StringArgument s)
        {
            return JsonValue.Create(s.Value);
        }

        var path = ((FieldArgument)argument).Path;
        if (path.Count == 0)
        {
            return data.Json;
        }

        if (!data.TryGet(path[0], out var current))
        {
            var reason = data.TypeName == "map" ? $"map has no entry for key \"{path[0]}\"" : $"can't evaluate field {path[0]} in type {data.TypeName}";
            throw new TemplateException($":{action.Line}:{action.Column}: executing \"\" at <.{path[0]}>: {reason}");
        }

        foreach (var field in path.Skip(1))
        {
            current = current is JsonObject map && map.TryGetPropertyValue(field, out var next) ? next : null;
        }

        return current;
    }

    private static List<Node> ParseNodes(string text)
    {
        var nodes = new List<Node>();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                nodes.Add(new TextNode(text[i..]));
                break;
            }

            if (open > i)
            {
                nodes.Add(new TextNode(text[i..open]));
            }

            var line = 1 + text[..open].Count(c => c == '\n');
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new TemplateException($":{line}: unclosed action");
            }

            var column = open - (text.LastIndexOf('\n', Math.Max(0, open - 1)) + 1) + 2;
            nodes.Add(ParseAction(text[(open + 2)..close].Trim(), line, column));
            i = close + 2;
        }

        return nodes;
    }

    private static ActionNode ParseAction(string body, int line, int column)
    {
        var words = Tokenize(body, line);
        if (words.Count == 0)
        {
            throw new TemplateException($":{line}: missing value for command");
        }

        if (words[0] is "if" or "range" or "with" or "end" or "else" or "define" or "template" or "block")
        {
            throw new TemplateException($":{line}: {{{{{words[0]}}}}} is not supported by dotnet image's templates");
        }

        string? function = words[0].StartsWith('.') ? null : words[0];
        var arguments = (function is null ? words : words.Skip(1)).Select(w => ToArgument(w, line)).ToList();
        var expected = function switch
        {
            null => 1,
            "join" or "index" => 2,
            "json" or "upper" or "lower" or "len" => 1,
            _ => throw new TemplateException($":{line}: function \"{function}\" not defined"),
        };
        if (arguments.Count != expected)
        {
            throw new TemplateException($":{line}: wrong number of args for {function ?? words[0]}: want {expected} got {arguments.Count}");
        }

        return new ActionNode(function, arguments, line, column);
    }

    private static Argument ToArgument(string word, int line)
    {
        if (word.StartsWith('"'))
        {
            return new StringArgument(word[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal));
        }

        if (!word.StartsWith('.'))
        {
            throw new TemplateException($":{line}: unexpected \"{word}\" in operand");
        }

        return new FieldArgument(word == "." ? [] : word[1..].Split('.').ToList());
    }

    private static List<string> Tokenize(string body, int line)
    {
        var words = new List<string>();
        var i = 0;
        while (i < body.Length)
        {
            if (char.IsWhiteSpace(body[i]))
            {
                i++;
                continue;
            }

            var start = i;
            if (body[i] == '"')
            {
                i++;
                while (i < body.Length && body[i] != '"')
                {
                    i += body[i] == '\\' ? 2 : 1;
                }

                if (i >= body.Length)
                {
                    throw new TemplateException($":{line}: unterminated quoted string");
                }

                i++;
            }
            else
            {
                while (i < body.Length && !char.IsWhiteSpace(body[i]))
                {
                    i++;
                }
            }

            words.Add(body[start..i]);
        }

        return words;
    }

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ActionNode(string? Function, List<Argument> Arguments, int Line, int Column) : Node;

    private abstract record Argument;

    private sealed record FieldArgument(List<string> Path) : Argument;

    private sealed record StringArgument(string Value) : Argument;
}
