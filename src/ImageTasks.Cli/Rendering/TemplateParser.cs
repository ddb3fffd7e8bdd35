using System.Globalization;
using System.Text;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// Parses the subset of Go's text/template that docker's --format strings use: literal text, <c>{{.Field}}</c>,
/// nested <c>{{.A.B}}</c>, <c>{{.}}</c>, string literals, functions (<c>json</c>, <c>upper</c>, <c>lower</c>) called
/// with an argument or at the end of a pipe, trim markers (<c>{{-</c>, <c>-}}</c>) and comments. Control actions
/// (<c>if</c>, <c>range</c>, ...) and variables are refused by name, so a user learns what is missing rather than
/// getting output that silently differs from docker's. Errors are Go's wording: <c>template: :LINE: ...</c>.
/// </summary>
internal static class TemplateParser
{
    private static readonly HashSet<string> Keywords = ["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "nil"];

    private static readonly HashSet<string> GoBuiltins =
        ["and", "or", "not", "len", "index", "print", "printf", "println", "html", "js", "urlquery", "eq", "ne", "lt", "le", "gt", "ge", "slice", "call"];

    private enum TokenKind
    {
        Pipe,
        Field,
        String,
        Identifier,
    }

    public static IReadOnlyList<TemplateNode> Parse(string text)
    {
        var nodes = new List<TemplateNode>();
        var position = 0;
        var trimNext = false;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            var literal = open < 0 ? text[position..] : text[position..open];
            if (trimNext)
            {
                literal = literal.TrimStart(' ', '\t', '\r', '\n');
            }

            if (open < 0)
            {
                AddText(nodes, literal);
                break;
            }

            var line = 1 + text.AsSpan(0, open).Count('\n');
            var start = open + 2;
            if (start + 1 < text.Length && text[start] == '-' && IsSpace(text[start + 1]))
            {
                literal = literal.TrimEnd(' ', '\t', '\r', '\n');
                start += 2;
            }

            AddText(nodes, literal);
            var close = FindClose(text, start, line);
            var end = close;
            trimNext = close - 2 >= start && text[close - 1] == '-' && IsSpace(text[close - 2]);
            if (trimNext)
            {
                end = close - 1;
            }

            var content = text[start..end];
            var trimmed = content.Trim();
            if (trimmed.StartsWith("/*", StringComparison.Ordinal))
            {
                if (!trimmed.EndsWith("*/", StringComparison.Ordinal) || trimmed.Length < 4)
                {
                    throw Error(line, "comment ends before closing delimiter");
                }
            }
            else
            {
                nodes.Add(new ActionNode(line, ParsePipeline(Tokenize(text, start, end, line), line)));
            }

            position = close + 2;
        }

        return nodes;
    }

    /// <summary>A Go template parse error, as docker prints it.</summary>
    public static TemplateException Error(int line, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"template parsing error: template: :{line}: {message}"));

    private static void AddText(List<TemplateNode> nodes, string literal)
    {
        if (literal.Length > 0)
        {
            nodes.Add(new TextNode(literal));
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static int SkipIdentifier(string text, int i, int end)
    {
        while (i < end && IsIdentifierPart(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>The index of the closing <c>}}</c>, skipping quoted strings (which may contain braces).</summary>
    private static int FindClose(string text, int start, int line)
    {
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }

                    if (i >= text.Length)
                    {
                        throw Error(line, "unterminated quoted string");
                    }

                    break;
                case '}' when i + 1 < text.Length && text[i + 1] == '}':
                    return i;
            }
        }

        throw Error(line, "unclosed action");
    }

    private static List<Token> Tokenize(string text, int start, int end, int line)
    {
        var tokens = new List<Token>();
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (IsSpace(c))
            {
                i++;
            }
            else if (c == '|')
            {
                tokens.Add(new Token(TokenKind.Pipe, i, "|"));
                i++;
            }
            else if (c == '.')
            {
                var begin = i;
                i = SkipIdentifier(text, i + 1, end);
                while (i + 1 < end && text[i] == '.' && IsIdentifierStart(text[i + 1]))
                {
                    i = SkipIdentifier(text, i + 1, end);
                }

                var field = text[begin..i];
                if ((field.Length > 1 && !IsIdentifierStart(field[1])) || (i < end && !IsSpace(text[i]) && text[i] != '|'))
                {
                    throw Error(line, $"bad field name \"{text[begin..Math.Min(end, i + 1)]}\"");
                }

                tokens.Add(new Token(TokenKind.Field, begin, field));
            }
            else if (c == '"')
            {
                var begin = i;
                var value = new StringBuilder();
                for (i++; text[i] != '"'; i++)
                {
                    if (text[i] != '\\')
                    {
                        value.Append(text[i]);
                        continue;
                    }

                    i++;
                    value.Append(text[i] switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        _ => throw Error(line, $"invalid syntax: \\{text[i]} in {text[begin..(i + 1)]}"),
                    });
                }

                i++;
                tokens.Add(new Token(TokenKind.String, begin, value.ToString()));
            }
            else if (IsIdentifierStart(c))
            {
                var begin = i;
                i = SkipIdentifier(text, i, end);
                tokens.Add(new Token(TokenKind.Identifier, begin, text[begin..i]));
            }
            else
            {
                var what = c switch
                {
                    '$' => "variables are not supported",
                    '(' or ')' => "parenthesized pipelines are not supported",
                    _ when char.IsAsciiDigit(c) || c == '-' => "number literals are not supported",
                    _ => string.Create(CultureInfo.InvariantCulture, $"bad character U+{(int)c:X4} '{c}'"),
                };
                throw Error(line, what);
            }
        }

        return tokens;
    }

    private static List<CommandNode> ParsePipeline(List<Token> tokens, int line)
    {
        var commands = new List<CommandNode>();
        var segment = new List<Token>();
        foreach (var token in tokens.Append(new Token(TokenKind.Pipe, -1, "|")))
        {
            if (token.Kind != TokenKind.Pipe)
            {
                segment.Add(token);
                continue;
            }

            if (segment.Count == 0)
            {
                throw Error(line, "missing value for command");
            }

            commands.Add(ParseCommand(segment, piped: commands.Count > 0, line));
            segment.Clear();
        }

        return commands;
    }

    private static CommandNode ParseCommand(List<Token> tokens, bool piped, int line)
    {
        var first = tokens[0];
        if (first.Kind != TokenKind.Identifier)
        {
            if (tokens.Count > 1 || piped)
            {
                throw Error(line, $"can't give argument to non-function {first.Text}");
            }

            return new CommandNode(null, [Operand(first, line)]);
        }

        var name = first.Text;
        if (Keywords.Contains(name))
        {
            throw Error(line, $"unsupported action \"{name}\": this renderer handles fields, literals, {string.Join(", ", Template.FunctionNames)} and pipes");
        }

        if (GoBuiltins.Contains(name))
        {
            throw Error(line, $"function \"{name}\" is not supported here (supported: {string.Join(", ", Template.FunctionNames)})");
        }

        if (!Template.FunctionNames.Contains(name))
        {
            throw Error(line, $"function \"{name}\" not defined");
        }

        var arguments = tokens.Skip(1).Select(t => Operand(t, line)).ToList();
        var count = arguments.Count + (piped ? 1 : 0);
        if (count != 1)
        {
            throw Error(line, string.Create(CultureInfo.InvariantCulture, $"wrong number of args for {name}: want 1 got {count}"));
        }

        return new CommandNode(name, arguments);
    }

    private static OperandNode Operand(Token token, int line) => token.Kind switch
    {
        TokenKind.Field => new FieldNode(token.Position, token.Text, token.Text.Length == 1 ? [] : token.Text[1..].Split('.')),
        TokenKind.String => new StringNode(token.Position, token.Text, token.Text),
        _ => throw Error(line, $"function \"{token.Text}\" cannot be an argument here; use a pipe: ... | {token.Text}"),
    };

    private readonly record struct Token(TokenKind Kind, int Position, string Text);
}
