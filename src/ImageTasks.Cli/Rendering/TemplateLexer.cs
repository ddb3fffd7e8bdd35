using System.Globalization;

namespace ImageTasks.Cli.Rendering;

internal enum TokenKind
{
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Field,
    Variable,
    Identifier,
    String,
    RawString,
    CharConstant,
    Number,
    Bool,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Char,
    Eof,

    // Keywords (Go prints these as <word> in errors).
    Dot,
    Nil,
    If,
    Else,
    End,
    Range,
    With,
    Break,
    Continue,
    Define,
    Template,
    Block,
}

/// <param name="Position">byte offset in the template</param>
/// <param name="Line">1-based line where the token starts</param>
internal readonly record struct TemplateToken(TokenKind Kind, int Position, int Line, string Text)
{
    public bool IsKeyword => Kind >= TokenKind.Dot;

    /// <summary>How Go's parser names a token in "unexpected X in Y".</summary>
    public override string ToString() => Kind switch
    {
        TokenKind.Eof => "EOF",
        _ when IsKeyword => $"<{Text}>",
        _ when Text.Length > 10 => GoQuote(Text[..10]) + "...",
        _ => GoQuote(Text),
    };

    private static string GoQuote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// Go's text/template lexer: text between actions, and inside <c>{{ }}</c> the tokens of a pipeline. Trim markers
/// (<c>{{- </c>, <c> -}}</c>) trim the neighbouring text; comments (<c>{{/* */}}</c>) vanish. Errors are Go's wording.
/// </summary>
internal sealed class TemplateLexer
{
    private const string LeftDelimiter = "{{";
    private const string RightDelimiter = "}}";

    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["if"] = TokenKind.If,
        ["else"] = TokenKind.Else,
        ["end"] = TokenKind.End,
        ["range"] = TokenKind.Range,
        ["with"] = TokenKind.With,
        ["break"] = TokenKind.Break,
        ["continue"] = TokenKind.Continue,
        ["define"] = TokenKind.Define,
        ["template"] = TokenKind.Template,
        ["block"] = TokenKind.Block,
        ["nil"] = TokenKind.Nil,
    };

    private readonly string _text;
    private readonly List<TemplateToken> _tokens = [];
    private int _position;
    private int _parenDepth;

    private TemplateLexer(string text) => _text = text;

    public static IReadOnlyList<TemplateToken> Tokenize(string text)
    {
        var lexer = new TemplateLexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    private int LineAt(int position) => 1 + _text.AsSpan(0, position).Count('\n');

    private TemplateException Error(string message) => TemplateParser.Error(LineAt(Math.Min(_position, _text.Length)), message);

    private void Emit(TokenKind kind, int start, int end) => _tokens.Add(new TemplateToken(kind, start, LineAt(start), _text[start..end]));

    private void Run()
    {
        var trimNext = false;
        while (true)
        {
            var open = _text.IndexOf(LeftDelimiter, _position, StringComparison.Ordinal);
            var textEnd = open < 0 ? _text.Length : open;
            var textStart = _position;
            if (trimNext)
            {
                while (textStart < textEnd && IsSpace(_text[textStart]))
                {
                    textStart++;
                }
            }

            var trimmedEnd = textEnd;
            var trimLeft = open >= 0 && HasLeftTrim(open + LeftDelimiter.Length);
            if (trimLeft)
            {
                while (trimmedEnd > textStart && IsSpace(_text[trimmedEnd - 1]))
                {
                    trimmedEnd--;
                }
            }

            if (trimmedEnd > textStart)
            {
                Emit(TokenKind.Text, textStart, trimmedEnd);
            }

            if (open < 0)
            {
                _tokens.Add(new TemplateToken(TokenKind.Eof, _text.Length, LineAt(_text.Length), ""));
                return;
            }

            _position = open + LeftDelimiter.Length + (trimLeft ? 2 : 0);
            if (_text.AsSpan(_position).StartsWith("/*"))
            {
                trimNext = LexComment();
                continue;
            }

            Emit(TokenKind.LeftDelim, open, open + LeftDelimiter.Length);
            trimNext = LexInsideAction();
        }
    }

    private bool HasLeftTrim(int at) => at + 1 < _text.Length && _text[at] == '-' && IsSpace(_text[at + 1]);

    // " -}}" at position: the right trim marker.
    private bool AtRightTrim(int at) => at + 2 + RightDelimiter.Length <= _text.Length && IsSpace(_text[at]) && _text[at + 1] == '-'
        && _text.AsSpan(at + 2).StartsWith(RightDelimiter);

    /// <summary>A comment action; true when it ends with a trim marker.</summary>
    private bool LexComment()
    {
        var close = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
        if (close < 0)
        {
            throw Error("unclosed comment");
        }

        _position = close + 2;
        if (AtRightTrim(_position))
        {
            _position += 2 + RightDelimiter.Length;
            return true;
        }

        if (!_text.AsSpan(_position).StartsWith(RightDelimiter))
        {
            throw Error("comment ends before closing delimiter");
        }

        _position += RightDelimiter.Length;
        return false;
    }

    /// <summary>Tokens up to and including the right delimiter; true when it carries a trim marker.</summary>
    private bool LexInsideAction()
    {
        while (true)
        {
            if (_parenDepth == 0 && AtRightTrim(_position))
            {
                Emit(TokenKind.RightDelim, _position + 2, _position + 2 + RightDelimiter.Length);
                _position += 2 + RightDelimiter.Length;
                return true;
            }

            if (_text.AsSpan(_position).StartsWith(RightDelimiter))
            {
                if (_parenDepth > 0)
                {
                    throw Error("unclosed left paren");
                }

                Emit(TokenKind.RightDelim, _position, _position + RightDelimiter.Length);
                _position += RightDelimiter.Length;
                return false;
            }

            if (_position >= _text.Length)
            {
                throw Error("unclosed action");
            }

            var start = _position;
            var c = _text[_position];
            if (IsSpace(c))
            {
                while (_position < _text.Length && IsSpace(_text[_position]) && !AtRightTrim(_position))
                {
                    _position++;
                }

                if (_position == start)
                {
                    // A space that starts " -}}": let the loop see the trim marker.
                    _position++;
                }

                Emit(TokenKind.Space, start, _position);
                continue;
            }

            _position++;
            switch (c)
            {
                case '=':
                    Emit(TokenKind.Assign, start, _position);
                    break;
                case ':':
                    if (_position >= _text.Length || _text[_position] != '=')
                    {
                        throw Error("expected :=");
                    }

                    _position++;
                    Emit(TokenKind.Declare, start, _position);
                    break;
                case '|':
                    Emit(TokenKind.Pipe, start, _position);
                    break;
                case '"':
                    LexQuote(start);
                    break;
                case '`':
                    LexRawQuote(start);
                    break;
                case '\'':
                    LexChar(start);
                    break;
                case '$':
                    LexFieldOrVariable(start, TokenKind.Variable);
                    break;
                case '.' when _position < _text.Length && !char.IsAsciiDigit(_text[_position]):
                    LexFieldOrVariable(start, TokenKind.Field);
                    break;
                case '(':
                    _parenDepth++;
                    Emit(TokenKind.LeftParen, start, _position);
                    break;
                case ')':
                    _parenDepth--;
                    if (_parenDepth < 0)
                    {
                        throw Error("unexpected right paren");
                    }

                    Emit(TokenKind.RightParen, start, _position);
                    break;
                case '.' or '+' or '-' or (>= '0' and <= '9'):
                    _position = start;
                    LexNumber(start);
                    break;
                case var letter when IsAlphaNumeric(letter):
                    LexIdentifier(start);
                    break;
                case var other when other <= 0x7f && !char.IsControl(other):
                    Emit(TokenKind.Char, start, _position);
                    break;
                default:
                    throw Error(string.Create(CultureInfo.InvariantCulture, $"unrecognized character in action: U+{(int)c:X4}"));
            }
        }
    }

    private void LexIdentifier(int start)
    {
        while (_position < _text.Length && IsAlphaNumeric(_text[_position]))
        {
            _position++;
        }

        if (!AtTerminator())
        {
            throw BadCharacter();
        }

        var word = _text[start.._position];
        var kind = Keywords.TryGetValue(word, out var keyword) ? keyword
            : word is "true" or "false" ? TokenKind.Bool
            : TokenKind.Identifier;
        Emit(kind, start, _position);
    }

    // "." or "$" alone are the dot and the root variable; otherwise a name follows.
    private void LexFieldOrVariable(int start, TokenKind kind)
    {
        if (AtTerminator())
        {
            Emit(kind == TokenKind.Variable ? TokenKind.Variable : TokenKind.Dot, start, _position);
            return;
        }

        while (_position < _text.Length && IsAlphaNumeric(_text[_position]))
        {
            _position++;
        }

        if (!AtTerminator())
        {
            throw BadCharacter();
        }

        Emit(kind, start, _position);
    }

    private TemplateException BadCharacter()
    {
        var c = _text[_position];
        return Error(string.Create(CultureInfo.InvariantCulture, $"bad character U+{(int)c:X4} '{c}'"));
    }

    // Go's atTerminator: space, end, or a character that can follow a field or identifier.
    private bool AtTerminator()
    {
        if (_position >= _text.Length)
        {
            return true;
        }

        var c = _text[_position];
        return IsSpace(c) || c is '.' or ',' or '|' or ':' or ')' or '(' || _text.AsSpan(_position).StartsWith(RightDelimiter);
    }

    private void LexQuote(int start)
    {
        while (true)
        {
            if (_position >= _text.Length || _text[_position] == '\n')
            {
                throw Error("unterminated quoted string");
            }

            var c = _text[_position++];
            if (c == '\\')
            {
                if (_position >= _text.Length || _text[_position] == '\n')
                {
                    throw Error("unterminated quoted string");
                }

                _position++;
            }
            else if (c == '"')
            {
                Emit(TokenKind.String, start, _position);
                return;
            }
        }
    }

    private void LexRawQuote(int start)
    {
        var close = _text.IndexOf('`', _position);
        if (close < 0)
        {
            throw Error("unterminated raw quoted string");
        }

        _position = close + 1;
        Emit(TokenKind.RawString, start, _position);
    }

    private void LexChar(int start)
    {
        while (true)
        {
            if (_position >= _text.Length || _text[_position] == '\n')
            {
                throw Error("unterminated character constant");
            }

            var c = _text[_position++];
            if (c == '\\')
            {
                _position++;
            }
            else if (c == '\'')
            {
                Emit(TokenKind.CharConstant, start, _position);
                return;
            }
        }
    }

    private void LexNumber(int start)
    {
        if (_position < _text.Length && _text[_position] is '+' or '-')
        {
            _position++;
        }

        var digits = "0123456789_";
        if (_text.AsSpan(_position).StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            _position += 2;
            digits = "0123456789abcdefABCDEF_";
        }
        else if (_text.AsSpan(_position).StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            _position += 2;
            digits = "01_";
        }
        else if (_text.AsSpan(_position).StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            _position += 2;
            digits = "01234567_";
        }

        Accept(digits);
        if (_position < _text.Length && _text[_position] == '.')
        {
            _position++;
            Accept(digits);
        }

        if (digits.Length == 11 && _position < _text.Length && _text[_position] is 'e' or 'E')
        {
            _position++;
            if (_position < _text.Length && _text[_position] is '+' or '-')
            {
                _position++;
            }

            Accept("0123456789_");
        }

        if (_position < _text.Length && IsAlphaNumeric(_text[_position]))
        {
            _position++;
            throw Error($"bad number syntax: \"{_text[start.._position]}\"");
        }

        Emit(TokenKind.Number, start, _position);
    }

    private void Accept(string valid)
    {
        while (_position < _text.Length && valid.Contains(_text[_position], StringComparison.Ordinal))
        {
            _position++;
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);
}
