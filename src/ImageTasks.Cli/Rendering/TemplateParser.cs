using System.Globalization;
using System.Text;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// Go's text/template parser (text/template/parse) over <see cref="TemplateLexer"/>'s tokens: text, actions,
/// <c>if</c>/<c>else if</c>/<c>else</c>, <c>range</c> (with <c>break</c>/<c>continue</c>), <c>with</c>/<c>else with</c>,
/// variables (<c>$</c>, <c>$x :=</c>, <c>$x =</c>), parenthesized pipelines, and literals. <c>define</c>,
/// <c>template</c> and <c>block</c> are refused by name. Errors are Go's wording: <c>template: :LINE: ...</c>.
/// </summary>
internal sealed class TemplateParser
{
    private readonly IReadOnlyList<TemplateToken> _tokens;
    private readonly List<string> _variables = ["$"];
    private int _next;
    private int _rangeDepth;
    private int _line = 1;

    private TemplateParser(IReadOnlyList<TemplateToken> tokens) => _tokens = tokens;

    public static ListNode Parse(string text)
    {
        var parser = new TemplateParser(TemplateLexer.Tokenize(text));
        return parser.ParseTop();
    }

    /// <summary>A Go template parse error, as docker prints it.</summary>
    public static TemplateException Error(int line, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"template parsing error: template: :{line}: {message}"));

    private TemplateException Error(string message) => Error(_line, message);

    private TemplateToken Next()
    {
        var token = _tokens[Math.Min(_next, _tokens.Count - 1)];
        _next++;
        _line = token.Line;
        return token;
    }

    private void Backup() => _next--;

    private TemplateToken Peek() => _tokens[Math.Min(_next, _tokens.Count - 1)];

    private TemplateToken NextNonSpace()
    {
        var token = Next();
        while (token.Kind == TokenKind.Space)
        {
            token = Next();
        }

        return token;
    }

    private TemplateToken PeekNonSpace()
    {
        var token = NextNonSpace();
        Backup();
        return token;
    }

    private TemplateToken Expect(TokenKind kind, string context)
    {
        var token = NextNonSpace();
        if (token.Kind != kind)
        {
            throw Unexpected(token, context);
        }

        return token;
    }

    private TemplateException Unexpected(TemplateToken token, string context) => Error($"unexpected {token} in {context}");

    private ListNode ParseTop()
    {
        var nodes = new List<TemplateNode>();
        while (Peek().Kind != TokenKind.Eof)
        {
            var node = TextOrAction();
            if (node is EndMarker or ElseMarker)
            {
                throw Error($"unexpected {node.Source}");
            }

            nodes.Add(node);
        }

        return new ListNode(0, nodes);
    }

    private (ListNode List, TemplateNode Next) ItemList()
    {
        var start = PeekNonSpace().Position;
        var nodes = new List<TemplateNode>();
        while (PeekNonSpace().Kind != TokenKind.Eof)
        {
            var node = TextOrAction();
            if (node is EndMarker or ElseMarker)
            {
                return (new ListNode(start, nodes), node);
            }

            nodes.Add(node);
        }

        throw Error("unexpected EOF");
    }

    private TemplateNode TextOrAction()
    {
        var token = NextNonSpace();
        return token.Kind switch
        {
            TokenKind.Text => new TextNode(token.Position, token.Text),
            TokenKind.LeftDelim => Action(),
            _ => throw Unexpected(token, "input"),
        };
    }

    private TemplateNode Action()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.If:
                return Control(BranchKind.If, token);
            case TokenKind.Range:
                return Control(BranchKind.Range, token);
            case TokenKind.With:
                return Control(BranchKind.With, token);
            case TokenKind.Else:
                // "else if" and "else with" leave the keyword pending for the enclosing control to read.
                if (PeekNonSpace().Kind is TokenKind.If or TokenKind.With)
                {
                    return new ElseMarker(token.Position);
                }

                Expect(TokenKind.RightDelim, "else");
                return new ElseMarker(token.Position);
            case TokenKind.End:
                Expect(TokenKind.RightDelim, "end");
                return new EndMarker(token.Position);
            case TokenKind.Break or TokenKind.Continue:
                if (_rangeDepth == 0)
                {
                    throw Error($"{{{{{token.Text}}}}} outside {{{{range}}}}");
                }

                Expect(TokenKind.RightDelim, token.Text);
                return new LoopControlNode(token.Position, token.Kind == TokenKind.Break);
            case TokenKind.Define or TokenKind.Template or TokenKind.Block:
                throw Error($"{{{{{token.Text}}}}} is not supported in --format templates; write the template inline");
        }

        Backup();
        var pipe = Pipeline("command", TokenKind.RightDelim);
        return new ActionNode(pipe.Position, pipe.Line, pipe);
    }

    private BranchNode Control(BranchKind kind, TemplateToken keyword)
    {
        var context = kind.ToString().ToLowerInvariant();
        var mark = _variables.Count;
        var pipe = Pipeline(context, TokenKind.RightDelim);
        if (kind == BranchKind.Range)
        {
            _rangeDepth++;
        }

        var (list, next) = ItemList();
        if (kind == BranchKind.Range)
        {
            _rangeDepth--;
        }

        ListNode? elseList = null;
        if (next is ElseMarker)
        {
            if ((kind == BranchKind.If && PeekNonSpace().Kind == TokenKind.If) || (kind == BranchKind.With && PeekNonSpace().Kind == TokenKind.With))
            {
                // {{if a}}x{{else if b}}y{{end}} is {{if a}}x{{else}}{{if b}}y{{end}}{{end}}.
                var inner = NextNonSpace();
                elseList = new ListNode(next.Position, [Control(kind, inner)]);
            }
            else
            {
                (elseList, var end) = ItemList();
                if (end is not EndMarker)
                {
                    throw Error($"expected end; found {end.Source}");
                }
            }
        }

        _variables.RemoveRange(mark, _variables.Count - mark);
        return new BranchNode(keyword.Position, pipe.Line, kind, pipe, list, elseList);
    }

    private PipeNode Pipeline(string context, TokenKind end)
    {
        var start = PeekNonSpace();
        var declared = new List<string>();
        var isAssign = false;
        while (PeekNonSpace().Kind == TokenKind.Variable)
        {
            var variable = NextNonSpace();
            var next = PeekNonSpace();
            if (next.Kind is TokenKind.Declare or TokenKind.Assign)
            {
                NextNonSpace();
                isAssign = next.Kind == TokenKind.Assign;
                if (isAssign && !_variables.Contains(variable.Text))
                {
                    throw Error($"undefined variable \"{variable.Text}\"");
                }

                declared.Add(variable.Text);
                _variables.Add(variable.Text);
                break;
            }

            if (next.Kind == TokenKind.Char && next.Text == ",")
            {
                NextNonSpace();
                declared.Add(variable.Text);
                _variables.Add(variable.Text);
                if (context == "range" && declared.Count < 2 && PeekNonSpace().Kind == TokenKind.Variable)
                {
                    continue;
                }

                throw Error(context == "range" ? "range can only initialize variables" : $"too many declarations in {context}");
            }

            // Not a declaration: the variable is the pipeline's first operand.
            Backup();
            break;
        }

        var commands = new List<CommandNode>();
        while (true)
        {
            var token = NextNonSpace();
            if (token.Kind == end)
            {
                if (commands.Count == 0)
                {
                    throw Error($"missing value for {context}");
                }

                for (var i = 1; i < commands.Count; i++)
                {
                    if (commands[i].Arguments[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
                    {
                        throw Error(string.Create(CultureInfo.InvariantCulture, $"non executable command in pipeline stage {i + 1}"));
                    }
                }

                return new PipeNode(start.Position, start.Line, declared, isAssign, commands);
            }

            switch (token.Kind)
            {
                case TokenKind.Bool or TokenKind.CharConstant or TokenKind.Dot or TokenKind.Field or TokenKind.Identifier
                    or TokenKind.Number or TokenKind.Nil or TokenKind.RawString or TokenKind.String or TokenKind.Variable
                    or TokenKind.LeftParen:
                    Backup();
                    commands.Add(Command());
                    break;
                default:
                    throw Unexpected(token, context);
            }
        }
    }

    private CommandNode Command()
    {
        var start = PeekNonSpace().Position;
        var arguments = new List<TemplateNode>();
        while (true)
        {
            PeekNonSpace();
            if (Operand() is { } operand)
            {
                arguments.Add(operand);
            }

            var token = Next();
            if (token.Kind == TokenKind.Space)
            {
                continue;
            }

            if (token.Kind is TokenKind.RightDelim or TokenKind.RightParen)
            {
                Backup();
            }
            else if (token.Kind != TokenKind.Pipe)
            {
                throw Unexpected(token, "operand");
            }

            break;
        }

        if (arguments.Count == 0)
        {
            throw Error("empty command");
        }

        return new CommandNode(start, arguments);
    }

    private TemplateNode? Operand()
    {
        var node = Term();
        if (node is null || Peek().Kind != TokenKind.Field)
        {
            return node;
        }

        var chainStart = Peek().Position;
        var fields = new List<string>();
        while (Peek().Kind == TokenKind.Field)
        {
            fields.Add(Next().Text[1..]);
        }

        return node switch
        {
            FieldNode field => new FieldNode(chainStart, [.. field.Path, .. fields]),
            VariableNode variable => new VariableNode(chainStart, [.. variable.Path, .. fields]),
            BoolNode or StringNode or NumberNode or NilNode or DotNode => throw Error($"unexpected . after term \"{node.Source}\""),
            _ => new ChainNode(chainStart, node, fields),
        };
    }

    private TemplateNode? Term()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                if (!TemplateFunctions.Exists(token.Text))
                {
                    throw Error($"function \"{token.Text}\" not defined");
                }

                return new IdentifierNode(token.Position, token.Text);
            case TokenKind.Dot:
                return new DotNode(token.Position);
            case TokenKind.Nil:
                return new NilNode(token.Position);
            case TokenKind.Variable:
                if (!_variables.Contains(token.Text))
                {
                    throw Error($"undefined variable \"{token.Text}\"");
                }

                return new VariableNode(token.Position, [token.Text]);
            case TokenKind.Field:
                return new FieldNode(token.Position, [token.Text[1..]]);
            case TokenKind.Bool:
                return new BoolNode(token.Position, token.Text == "true");
            case TokenKind.Number or TokenKind.CharConstant:
                return Number(token);
            case TokenKind.LeftParen:
                return Pipeline("parenthesized pipeline", TokenKind.RightParen);
            case TokenKind.String or TokenKind.RawString:
                return new StringNode(token.Position, token.Text, Unquote(token));
        }

        Backup();
        return null;
    }

    private NumberNode Number(TemplateToken token)
    {
        var text = token.Text;
        if (token.Kind == TokenKind.CharConstant)
        {
            var value = Unquote(token with { Text = "\"" + text[1..^1].Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" });
            if (value.EnumerateRunes().Count() != 1)
            {
                throw Error($"malformed character constant: {text}");
            }

            var rune = value.EnumerateRunes().First().Value;
            return new NumberNode(token.Position, text, rune, rune);
        }

        var clean = text.Replace("_", "", StringComparison.Ordinal);
        var negative = clean.StartsWith('-');
        var unsigned = clean.TrimStart('+', '-');
        long? integer = null;
        if (unsigned.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(unsigned[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            integer = hex;
        }
        else if (unsigned.StartsWith("0b", StringComparison.OrdinalIgnoreCase) && unsigned.Length > 2 && unsigned[2..].All(c => c is '0' or '1'))
        {
            integer = Convert.ToInt64(unsigned[2..], 2);
        }
        else if (unsigned.StartsWith("0o", StringComparison.OrdinalIgnoreCase) && unsigned.Length > 2 && unsigned[2..].All(c => c is >= '0' and <= '7'))
        {
            integer = Convert.ToInt64(unsigned[2..], 8);
        }
        else if (unsigned.Length > 1 && unsigned[0] == '0' && unsigned.All(char.IsAsciiDigit))
        {
            integer = unsigned.All(c => c is >= '0' and <= '7') ? Convert.ToInt64(unsigned, 8) : null;
        }
        else if (long.TryParse(unsigned, NumberStyles.None, CultureInfo.InvariantCulture, out var decimalValue))
        {
            integer = decimalValue;
        }

        if (integer is { } whole)
        {
            var signed = negative ? -whole : whole;
            return new NumberNode(token.Position, text, signed, signed);
        }

        if (double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            // Go treats a float literal with an integral value as usable where an int is wanted (1e3 is 1000).
            long? asInteger = real == Math.Floor(real) && Math.Abs(real) < 9e18 ? (long)real : null;
            return new NumberNode(token.Position, text, asInteger, real);
        }

        throw Error($"illegal number syntax: \"{text}\"");
    }

    private string Unquote(TemplateToken token)
    {
        var text = token.Text;
        if (token.Kind == TokenKind.RawString)
        {
            return text[1..^1].Replace("\r", "", StringComparison.Ordinal);
        }

        var value = new StringBuilder();
        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] != '\\')
            {
                value.Append(text[i]);
                continue;
            }

            i++;
            switch (text[i])
            {
                case '\\' or '"' or '\'':
                    value.Append(text[i]);
                    break;
                case 'n':
                    value.Append('\n');
                    break;
                case 't':
                    value.Append('\t');
                    break;
                case 'r':
                    value.Append('\r');
                    break;
                case 'a':
                    value.Append('\a');
                    break;
                case 'b':
                    value.Append('\b');
                    break;
                case 'f':
                    value.Append('\f');
                    break;
                case 'v':
                    value.Append('\v');
                    break;
                case 'x' when i + 2 < text.Length && int.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b):
                    value.Append((char)b);
                    i += 2;
                    break;
                case 'u' when i + 4 < text.Length && int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var u):
                    value.Append((char)u);
                    i += 4;
                    break;
                default:
                    throw Error("invalid syntax");
            }
        }

        return value.ToString();
    }

    /// <summary>{{end}} while parsing: ends the list being read.</summary>
    private sealed record EndMarker(int Position) : TemplateNode(Position)
    {
        public override string Source => "{{end}}";
    }

    /// <summary>{{else}} while parsing: switches to the else list.</summary>
    private sealed record ElseMarker(int Position) : TemplateNode(Position)
    {
        public override string Source => "{{else}}";
    }
}
