using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// A parsed Go template (see <see cref="TemplateParser"/>), executed over <see cref="TemplateData"/> with Go's
/// text/template semantics: actions, if/else if/else, range (over lists, maps in key order and integers, with
/// break/continue), with/else with, variables, pipelines, and Go's and docker's functions
/// (<see cref="TemplateFunctions"/>). The reusable piece behind every <c>--format</c>: a command supplies its fields;
/// <see cref="TemplateFormat"/> adds docker's <c>table</c> and <c>json</c> conventions on top.
/// </summary>
internal sealed class Template
{
    private readonly string _text;
    private readonly ListNode _root;

    private Template(string text, ListNode root)
    {
        _text = text;
        _root = root;
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
        return new Execution(this, data, header: false).Run();
    }

    /// <summary>
    /// The template over a header row (column name per field): docker's functions pass their first argument through
    /// and an unknown field prints <c>&lt;no value&gt;</c>, as docker renders table headers. Never fails: a header that
    /// cannot be rendered is empty.
    /// </summary>
    public string ExecuteHeader(JsonObject names)
    {
        try
        {
            return new Execution(this, new TemplateData(names), header: true).Run();
        }
        catch (TemplateException)
        {
            return "";
        }
    }

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    /// <summary>One run: the variables in scope and the node being evaluated (Go names it in errors).</summary>
    private sealed class Execution(Template template, TemplateData data, bool header)
    {
        // Go's "missing final argument": distinct from every value, including Missing.
        private static readonly object NoFinal = new();

        private readonly List<(string Name, object? Value)> _variables = [("$", data.Fields)];
        private readonly object? _root = data.Fields;
        private TemplateNode? _at;

        public string Run()
        {
            var output = new StringBuilder();
            Walk(_root, template._root, output);
            return output.ToString();
        }

        private Flow Walk(object? dot, TemplateNode node, StringBuilder output)
        {
            _at = node;
            switch (node)
            {
                case ListNode list:
                    foreach (var child in list.Nodes)
                    {
                        if (Walk(dot, child, output) is var flow && flow != Flow.Normal)
                        {
                            return flow;
                        }
                    }

                    return Flow.Normal;
                case TextNode text:
                    output.Append(text.Text);
                    return Flow.Normal;
                case ActionNode action:
                    var value = EvalPipeline(dot, action.Pipe);
                    if (action.Pipe.Variables.Count == 0)
                    {
                        output.Append(GoValues.Print(value));
                    }

                    return Flow.Normal;
                case BranchNode { Kind: BranchKind.Range } range:
                    return WalkRange(dot, range, output);
                case BranchNode branch:
                    return WalkIfOrWith(dot, branch, output);
                case LoopControlNode control:
                    return control.IsBreak ? Flow.Break : Flow.Continue;
                default:
                    throw new InvalidOperationException($"unknown node {node.GetType().Name}");
            }
        }

        private Flow WalkIfOrWith(object? dot, BranchNode branch, StringBuilder output)
        {
            var mark = _variables.Count;
            try
            {
                var value = EvalPipeline(dot, branch.Pipe);
                if (GoValues.IsTrue(value))
                {
                    return Walk(branch.Kind == BranchKind.With ? value : dot, branch.List, output);
                }

                return branch.ElseList is null ? Flow.Normal : Walk(dot, branch.ElseList, output);
            }
            finally
            {
                Pop(mark);
            }
        }

        private Flow WalkRange(object? dot, BranchNode range, StringBuilder output)
        {
            var mark = _variables.Count;
            try
            {
                var value = EvalPipeline(dot, range.Pipe);
                var items = Items(value);
                var any = false;
                foreach (var (key, element) in items)
                {
                    any = true;
                    if (range.Pipe.Variables.Count > 0)
                    {
                        // One variable takes the element; with two, the first takes the index or key.
                        // Declared variables sit on top of the stack (Go's setTopVar); assigned ones are found by name.
                        var assign = range.Pipe.IsAssign;
                        SetVariable(range.Pipe.Variables[^1], element, assign ? 0 : 1);
                        if (range.Pipe.Variables.Count == 2)
                        {
                            SetVariable(range.Pipe.Variables[0], key, assign ? 0 : 2);
                        }
                    }

                    var inner = _variables.Count;
                    var flow = Walk(element, range.List, output);
                    Pop(inner);
                    if (flow == Flow.Break)
                    {
                        break;
                    }
                }

                return any || range.ElseList is null ? Flow.Normal : Walk(dot, range.ElseList, output);
            }
            finally
            {
                Pop(mark);
            }
        }

        private List<(object? Key, object? Element)> Items(object? value)
        {
            switch (value)
            {
                case JsonArray array:
                    return array.Select((n, i) => ((object?)(long)i, GoValues.FromNode(n))).ToList();
                case string[] texts:
                    return texts.Select((t, i) => ((object?)(long)i, (object?)t)).ToList();
                case JsonObject when ReferenceEquals(value, _root) && data.TypeName is { } typeName && typeName != "map":
                    // The dot is docker's context struct, which Go cannot range over (it prints the struct; we name it).
                    throw Error($"range can't iterate over {typeName}");
                case JsonObject obj:
                    // Go ranges over a map in key order.
                    return obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ((object?)p.Key, GoValues.FromNode(p.Value))).ToList();
                case long count:
                    return Enumerable.Range(0, (int)Math.Clamp(count, 0, int.MaxValue)).Select(i => ((object?)(long)i, (object?)(long)i)).ToList();
                case null or MissingValue:
                    return [];
                default:
                    throw Error($"range can't iterate over {GoValues.Print(value)}");
            }
        }

        // Range variables live just above the pipeline's declarations: Go's setTopVar(n) counts from the top.
        private void SetVariable(string name, object? value, int fromTop)
        {
            var index = fromTop == 0 ? _variables.FindLastIndex(v => v.Name == name) : _variables.Count - fromTop;
            _variables[index] = (name, value);
        }

        private void Pop(int mark) => _variables.RemoveRange(mark, _variables.Count - mark);

        private object? EvalPipeline(object? dot, PipeNode pipe)
        {
            _at = pipe;
            object? value = NoFinal;
            foreach (var command in pipe.Commands)
            {
                value = EvalCommand(dot, command, value);
            }

            foreach (var name in pipe.Variables)
            {
                if (pipe.IsAssign)
                {
                    SetVariable(name, value, 0);
                }
                else
                {
                    _variables.Add((name, value));
                }
            }

            return value;
        }

        private object? EvalCommand(object? dot, CommandNode command, object? final)
        {
            var first = command.Arguments[0];
            switch (first)
            {
                case FieldNode field:
                    _at = field;
                    return EvalFieldChain(dot, dot, field, field.Path, command.Arguments, final);
                case ChainNode chain:
                    _at = chain;
                    return EvalFieldChain(dot, EvalArgument(dot, ParameterType.Any, chain.Node), chain, chain.Fields, command.Arguments, final);
                case IdentifierNode identifier:
                    return EvalFunction(dot, identifier, command, command.Arguments, final);
                case PipeNode pipe:
                    NotAFunction(command.Arguments, final);
                    return EvalPipeline(dot, pipe);
                case VariableNode variable:
                    return EvalVariable(dot, variable, command.Arguments, final);
            }

            _at = first;
            NotAFunction(command.Arguments, final);
            return first switch
            {
                BoolNode b => b.Value,
                DotNode => dot,
                NilNode => throw Error("nil is not a command"),
                NumberNode n => n.Integer is { } whole ? (object)whole : n.Float,
                StringNode s => s.Value,
                _ => throw Error($"can't evaluate command {first.Source}"),
            };
        }

        private void NotAFunction(IReadOnlyList<TemplateNode> arguments, object? final)
        {
            if (arguments.Count > 1 || final != NoFinal)
            {
                throw Error($"can't give argument to non-function {arguments[0].Source}");
            }
        }

        private object? EvalVariable(object? dot, VariableNode variable, IReadOnlyList<TemplateNode> arguments, object? final)
        {
            _at = variable;
            var index = _variables.FindLastIndex(v => v.Name == variable.Path[0]);
            if (index < 0)
            {
                throw Error($"undefined variable: {variable.Path[0]}");
            }

            var value = _variables[index].Value;
            if (variable.Path.Count == 1)
            {
                NotAFunction(arguments, final);
                return value;
            }

            return EvalFieldChain(dot, value, variable, variable.Path.Skip(1).ToList(), arguments, final);
        }

        private object? EvalFieldChain(object? dot, object? receiver, TemplateNode node, IReadOnlyList<string> fields, IReadOnlyList<TemplateNode> arguments, object? final)
        {
            for (var i = 0; i < fields.Count - 1; i++)
            {
                receiver = EvalField(fields[i], node, [node], NoFinal, receiver);
            }

            return EvalField(fields[^1], node, arguments, final, receiver);
        }

        private object? EvalField(string name, TemplateNode node, IReadOnlyList<TemplateNode> arguments, object? final, object? receiver)
        {
            _at = node;
            var isMap = data.TypeName == "map";
            var argumentCount = arguments.Count - 1 + (final == NoFinal ? 0 : 1);
            switch (receiver)
            {
                case MissingValue:
                    return isMap ? throw Error($"nil data; no entry for key \"{name}\"") : GoValues.Missing;
                case null:
                    throw Error($"nil pointer evaluating interface {{}}.{name}");
                case JsonObject obj when obj.TryGetPropertyValue(name, out var child):
                    if (argumentCount > 0)
                    {
                        throw Error(isMap
                            ? $"{name} is not a method but has arguments"
                            : string.Create(CultureInfo.InvariantCulture, $"wrong number of args for {name}: want 0 got {argumentCount}"));
                    }

                    return GoValues.FromNode(child);
                case JsonObject obj:
                    if (header)
                    {
                        return GoValues.Missing;
                    }

                    if (isMap)
                    {
                        throw Error($"map has no entry for key \"{name}\"");
                    }

                    if (ReferenceEquals(obj, _root) || data.TypeName is null)
                    {
                        // The dot is docker's context struct: a field it lacks is an error naming its type.
                        throw Error(data.TypeName is { } typeName ? $"can't evaluate field {name} in type {typeName}" : $"can't evaluate field {name}");
                    }

                    // A Go map inside the struct (Labels): a missing key is no value.
                    return GoValues.Missing;
                default:
                    throw Error($"can't evaluate field {name} in type {(isMap ? "interface {}" : GoValues.TypeName(receiver))}");
            }
        }

        private object? EvalFunction(object? dot, IdentifierNode identifier, TemplateNode command, IReadOnlyList<TemplateNode> arguments, object? final)
        {
            _at = identifier;
            var function = TemplateFunctions.Get(identifier.Name);
            var nodes = arguments.Skip(1).ToList();
            var count = nodes.Count + (final == NoFinal ? 0 : 1);
            var fixedCount = function.Parameters.Length;
            if (function.Variadic is null ? count != fixedCount : count < fixedCount)
            {
                throw Error(string.Create(CultureInfo.InvariantCulture,
                    $"wrong number of args for {identifier.Name}: want {(function.Variadic is null ? "" : "at least ")}{fixedCount} got {count}"));
            }

            // A table header passes docker's functions through: each returns its first argument, printed.
            var passThrough = header && function.IsDocker;
            ParameterType TypeAt(int i) => passThrough ? ParameterType.Any : i < fixedCount ? function.Parameters[i] : function.Variadic!.Value;
            var values = new List<object?>(count);
            for (var i = 0; i < nodes.Count; i++)
            {
                values.Add(EvalArgument(dot, TypeAt(i), nodes[i]));
            }

            if (final != NoFinal)
            {
                values.Add(Validate(final, TypeAt(values.Count)));
            }

            if (passThrough)
            {
                return GoValues.Print(values[0]);
            }

            if (identifier.Name == "json" && ReferenceEquals(values[0], _root))
            {
                return RootJson();
            }

            _at = command;
            try
            {
                return function.Call(values);
            }
            catch (TemplateFunctionException e)
            {
                throw Error($"error calling {identifier.Name}: {e.Message}");
            }
        }

        /// <summary>
        /// <c>{{json .}}</c>: the command's JSON form. docker's list contexts marshal themselves with json.Marshal, which
        /// escapes &lt; &gt; &amp;, while the json function itself does not.
        /// </summary>
        private string RootJson()
        {
            var json = GoValues.Json(data.Json ?? data.Fields);
            return data.EscapeHtmlInJson
                ? json.Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal)
                : json;
        }

        private object? EvalArgument(object? dot, ParameterType type, TemplateNode node)
        {
            _at = node;
            switch (node)
            {
                case DotNode:
                    return Validate(dot, type);
                case NilNode:
                    return type == ParameterType.Any ? null : throw Error($"cannot assign nil to {TypeName(type)}");
                case FieldNode field:
                    return Validate(EvalFieldChain(dot, dot, field, field.Path, [field], NoFinal), type);
                case VariableNode variable:
                    return Validate(EvalVariable(dot, variable, [variable], NoFinal), type);
                case PipeNode pipe:
                    return Validate(EvalPipeline(dot, pipe), type);
                case IdentifierNode identifier:
                    return Validate(EvalFunction(dot, identifier, identifier, [identifier], NoFinal), type);
                case ChainNode chain:
                    return Validate(EvalFieldChain(dot, EvalArgument(dot, ParameterType.Any, chain.Node), chain, chain.Fields, [chain], NoFinal), type);
            }

            return (type, node) switch
            {
                (ParameterType.Any or ParameterType.String, StringNode s) => s.Value,
                (ParameterType.Any, BoolNode b) => b.Value,
                (ParameterType.Any, NumberNode n) => n.Integer is { } whole ? (object)whole : n.Float,
                (ParameterType.Int, NumberNode { Integer: { } whole }) => whole,
                (ParameterType.Int, _) => throw Error($"expected integer; found {node.Source}"),
                (ParameterType.String, _) => throw Error($"expected string; found {node.Source}"),
                _ => throw Error($"can't handle {node.Source} for arg of type {TypeName(type)}"),
            };
        }

        private object? Validate(object? value, ParameterType type)
        {
            switch (type)
            {
                case ParameterType.Any:
                    return value is MissingValue ? null : value;
                case ParameterType.String when value is string:
                case ParameterType.Int when value is long:
                case ParameterType.StringSlice when value is string[]:
                    return value;
                case ParameterType.StringSlice when value is JsonArray array && array.All(n => n is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String):
                    return array.Select(n => n!.GetValue<string>()).ToArray();
                case var _ when value is MissingValue:
                    throw Error($"invalid value; expected {TypeName(type)}");
                default:
                    throw Error($"wrong type for value; expected {TypeName(type)}; got {GoValues.TypeName(value)}");
            }
        }

        private static string TypeName(ParameterType type) => type switch
        {
            ParameterType.String => "string",
            ParameterType.Int => "int",
            ParameterType.StringSlice => "[]string",
            _ => "interface {}",
        };

        /// <summary>Go's wording and position (line, then byte column from 0) for a failure while executing.</summary>
        private TemplateException Error(string message)
        {
            var at = _at ?? template._root;
            var position = Math.Min(at.Position, template._text.Length);
            var before = template._text.AsSpan(0, position);
            var line = 1 + before.Count('\n');
            var lastNewline = before.LastIndexOf('\n');
            var column = lastNewline < 0 ? position : position - lastNewline - 1;
            // docker's formatter reports execution failures as parsing errors too: "template parsing error: template: ...".
            return new TemplateException(string.Create(CultureInfo.InvariantCulture, $"template parsing error: template: :{line}:{column}: executing \"\" at <{at.Source}>: {message}"));
        }
    }
}
