using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// A parsed Go-template subset (see <see cref="TemplateParser"/>), executed over <see cref="TemplateData"/>. The
/// reusable piece behind every <c>--format</c>: a command supplies its fields; <see cref="TemplateFormat"/> adds
/// docker's <c>table</c> and <c>json</c> conventions on top.
/// </summary>
internal sealed class Template
{
    /// <summary>The functions templates may call; in a table header each passes its argument through, as docker's do.</summary>
    public static readonly IReadOnlyList<string> FunctionNames = ["json", "upper", "lower"];

    // Go prints a missing map key this way; docker's table headers are maps, so unknown columns print it too.
    private const string NoValue = "<no value>";

    private readonly string _text;
    private readonly IReadOnlyList<TemplateNode> _nodes;

    private Template(string text, IReadOnlyList<TemplateNode> nodes)
    {
        _text = text;
        _nodes = nodes;
    }

    /// <exception cref="TemplateException"><c>template parsing error: template: :1: ...</c></exception>
    public static Template Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Template(text, TemplateParser.Parse(text));
    }

    /// <exception cref="TemplateException"><c>template parsing error: template: :1:2: executing "" at &lt;.X&gt;: can't evaluate field X</c></exception>
    public string Execute(TemplateData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Run(data, header: false);
    }

    /// <summary>
    /// The template over a header row (column name per field): functions pass their argument through and an unknown
    /// field prints <c>&lt;no value&gt;</c>, as docker renders table headers. Never fails.
    /// </summary>
    public string ExecuteHeader(JsonObject names) => Run(new TemplateData(names), header: true);

    private string Run(TemplateData data, bool header)
    {
        var output = new StringBuilder();
        foreach (var node in _nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ActionNode action:
                    output.Append(Evaluate(action, data, header));
                    break;
            }
        }

        return output.ToString();
    }

    private string Evaluate(ActionNode action, TemplateData data, bool header)
    {
        var current = default(Value);
        foreach (var command in action.Pipeline)
        {
            // A command's argument is the operand written after it, or else what the previous command produced.
            var input = command.Arguments.Count == 1
                ? Operand(command.Arguments[0], data, header, forJson: command.Function == "json")
                : current;
            current = command.Function is null ? input : Call(command.Function, input, header);
            if (command.Function == "json" && data.EscapeHtmlInJson && command.Arguments is [FieldNode { Path.Count: 0 }] && current.Text is { } json)
            {
                current = new Value(null, json.Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal));
            }
        }

        return current.Print();
    }

    private static Value Call(string function, Value input, bool header) => new(null, header ? input.Print() : function switch
    {
        "json" => GoValues.Json(input.Text is null ? input.Node : JsonValue.Create(input.Text)),
        "upper" => input.Print().ToUpperInvariant(),
        "lower" => input.Print().ToLowerInvariant(),
        _ => throw new InvalidOperationException($"function {function} passed the parser but has no implementation"),
    });

    private Value Operand(OperandNode operand, TemplateData data, bool header, bool forJson)
    {
        switch (operand)
        {
            case StringNode literal:
                return new Value(null, literal.Value);
            case FieldNode { Path.Count: 0 }:
                return new Value(forJson && data.Json is not null ? data.Json : data.Fields, null);
            case FieldNode field:
                var current = data.Fields;
                foreach (var name in field.Path)
                {
                    if (current is JsonObject obj && obj.TryGetPropertyValue(name, out var next))
                    {
                        current = next;
                        continue;
                    }

                    if (header)
                    {
                        return new Value(null, NoValue);
                    }

                    if (ReferenceEquals(current, data.Fields) && data.TypeName is { } typeName)
                    {
                        throw ExecutionError(field, typeName == "map" ? $"map has no entry for key \"{name}\"" : $"can't evaluate field {name} in type {typeName}");
                    }

                    // Go names the type it could not descend into; an object simply lacks the field.
                    var type = current switch
                    {
                        JsonObject => "",
                        null => " in type <nil>",
                        JsonArray => " in type array",
                        _ => current.GetValueKind() switch
                        {
                            JsonValueKind.String => " in type string",
                            JsonValueKind.Number => " in type number",
                            _ => " in type bool",
                        },
                    };
                    throw ExecutionError(field, $"can't evaluate field {name}{type}");
                }

                return new Value(current, null);
            default:
                throw new InvalidOperationException($"operand {operand.GetType().Name} passed the parser but has no evaluation");
        }
    }

    /// <summary>Go's wording and position (line, then byte column from 0) for a failure while executing.</summary>
    private TemplateException ExecutionError(OperandNode at, string message)
    {
        var before = _text.AsSpan(0, at.Position);
        var line = 1 + before.Count('\n');
        var lastNewline = before.LastIndexOf('\n');
        var column = lastNewline < 0 ? at.Position : at.Position - lastNewline - 1;
        // docker's formatter reports execution failures as parsing errors too: "template parsing error: template: ...".
        return new TemplateException(string.Create(CultureInfo.InvariantCulture, $"template parsing error: template: :{line}:{column}: executing \"\" at <{at.Source}>: {message}"));
    }

    /// <summary>What a command yields: data (printed Go's way) or text already made (a literal, a function's result).</summary>
    private readonly record struct Value(JsonNode? Node, string? Text)
    {
        public string Print() => Text ?? GoValues.Text(Node);
    }
}
