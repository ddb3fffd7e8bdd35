namespace ImageTasks.Cli.Rendering;

/// <summary>
/// The syntax tree of a Go template (text/template/parse's nodes, the ones docker's --format strings use). Every node
/// knows its byte offset (<see cref="Position"/>), which Go reports as line:column, and prints itself as Go's
/// <c>String()</c> does, for the <c>at &lt;...&gt;</c> part of an error.
/// </summary>
internal abstract record TemplateNode(int Position)
{
    public abstract string Source { get; }
}

internal sealed record ListNode(int Position, IReadOnlyList<TemplateNode> Nodes) : TemplateNode(Position)
{
    public override string Source => string.Concat(Nodes.Select(n => n.Source));
}

internal sealed record TextNode(int Position, string Text) : TemplateNode(Position)
{
    public override string Source => Text;
}

/// <summary><c>{{pipeline}}</c>: prints what the pipeline yields, unless it declares variables.</summary>
internal sealed record ActionNode(int Position, int Line, PipeNode Pipe) : TemplateNode(Position)
{
    public override string Source => "{{" + Pipe.Source + "}}";
}

internal enum BranchKind
{
    If,
    Range,
    With,
}

/// <summary><c>{{if}}</c>, <c>{{range}}</c>, <c>{{with}}</c>: a list, and the else list (which holds a nested branch for <c>else if</c>).</summary>
internal sealed record BranchNode(int Position, int Line, BranchKind Kind, PipeNode Pipe, ListNode List, ListNode? ElseList) : TemplateNode(Position)
{
    public override string Source => $"{{{{{Kind.ToString().ToLowerInvariant()} {Pipe.Source}}}}}";
}

/// <summary><c>{{break}}</c> or <c>{{continue}}</c> inside a range.</summary>
internal sealed record LoopControlNode(int Position, bool IsBreak) : TemplateNode(Position)
{
    public override string Source => IsBreak ? "{{break}}" : "{{continue}}";
}

/// <summary>Commands joined by <c>|</c>, optionally declaring (<c>$x :=</c>) or assigning (<c>$x =</c>) variables.</summary>
internal sealed record PipeNode(int Position, int Line, IReadOnlyList<string> Variables, bool IsAssign, IReadOnlyList<CommandNode> Commands) : TemplateNode(Position)
{
    public override string Source =>
        (Variables.Count == 0 ? "" : string.Join(", ", Variables) + (IsAssign ? " = " : " := "))
        + string.Join(" | ", Commands.Select(c => c.Source));
}

/// <summary>One command: a function with its arguments, or a single operand.</summary>
internal sealed record CommandNode(int Position, IReadOnlyList<TemplateNode> Arguments) : TemplateNode(Position)
{
    public override string Source => string.Join(" ", Arguments.Select(a => a is PipeNode ? "(" + a.Source + ")" : a.Source));
}

/// <summary><c>.A.B</c>: fields of the dot.</summary>
internal sealed record FieldNode(int Position, IReadOnlyList<string> Path) : TemplateNode(Position)
{
    public override string Source => string.Concat(Path.Select(p => "." + p));
}

/// <summary><c>$x.A</c>: a variable, then fields of it. <see cref="Path"/>[0] is the variable's name with its <c>$</c>.</summary>
internal sealed record VariableNode(int Position, IReadOnlyList<string> Path) : TemplateNode(Position)
{
    public override string Source => string.Join(".", Path);
}

/// <summary><c>(pipeline).A.B</c>: fields of what a parenthesized pipeline yields.</summary>
internal sealed record ChainNode(int Position, TemplateNode Node, IReadOnlyList<string> Fields) : TemplateNode(Position)
{
    public override string Source => (Node is PipeNode ? "(" + Node.Source + ")" : Node.Source) + string.Concat(Fields.Select(f => "." + f));
}

internal sealed record DotNode(int Position) : TemplateNode(Position)
{
    public override string Source => ".";
}

internal sealed record NilNode(int Position) : TemplateNode(Position)
{
    public override string Source => "nil";
}

/// <summary>A function name.</summary>
internal sealed record IdentifierNode(int Position, string Name) : TemplateNode(Position)
{
    public override string Source => Name;
}

internal sealed record StringNode(int Position, string Quoted, string Value) : TemplateNode(Position)
{
    public override string Source => Quoted;
}

internal sealed record BoolNode(int Position, bool Value) : TemplateNode(Position)
{
    public override string Source => Value ? "true" : "false";
}

/// <summary>A number literal: an integer when it has one (<c>42</c>, <c>0x10</c>, <c>'a'</c>), else a float.</summary>
internal sealed record NumberNode(int Position, string Text, long? Integer, double Float) : TemplateNode(Position)
{
    public override string Source => Text;
}
