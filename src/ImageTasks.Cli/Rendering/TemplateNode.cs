namespace ImageTasks.Cli.Rendering;

/// <summary>The syntax tree of a template: literal text and actions; an action is a pipeline of commands.</summary>
internal abstract record TemplateNode;

internal sealed record TextNode(string Text) : TemplateNode;

/// <param name="Line">1-based line of the action, for error messages</param>
internal sealed record ActionNode(int Line, IReadOnlyList<CommandNode> Pipeline) : TemplateNode;

/// <summary>A function call (<c>json .X</c>) or, when <paramref name="Function"/> is null, a single operand.</summary>
internal sealed record CommandNode(string? Function, IReadOnlyList<OperandNode> Arguments);

/// <param name="Position">byte offset in the template text; Go reports it as line:column</param>
/// <param name="Source">the operand as written (<c>.A.B</c>), for error messages</param>
internal abstract record OperandNode(int Position, string Source);

/// <summary><c>.</c> (empty path) or a field chain <c>.A.B</c>.</summary>
internal sealed record FieldNode(int Position, string Source, IReadOnlyList<string> Path) : OperandNode(Position, Source);

internal sealed record StringNode(int Position, string Source, string Value) : OperandNode(Position, Source);
