using System.Globalization;
using System.Text;

namespace Realtime.Core.Expressions;

/// <summary>
/// Parses Druid's expression language into nodes. Precedence, highest first: unary <c>!</c> <c>-</c>; <c>^</c>
/// (right-associative); <c>* / %</c>; <c>+ -</c>; comparisons; <c>&amp;&amp; ||</c>.
/// </summary>
internal sealed class ExprParser
{
    private readonly string _text;
    private int _pos;

    private ExprParser(string text) => _text = text;

    /// <summary>Parses a whole expression.</summary>
    /// <exception cref="ExpressionException">The text is not an expression; the message gives the position.</exception>
    public static ExprNode Parse(string text)
    {
        var parser = new ExprParser(text);
        var node = parser.Logical();
        parser.SkipSpace();
        if (parser._pos < text.Length)
        {
            throw parser.Error($"unexpected '{text[parser._pos]}'");
        }

        return node;
    }

    private ExprNode Logical()
    {
        var left = Comparison();
        while (true)
        {
            if (Accept("&&"))
            {
                left = new BinaryNode(BinaryOp.And, "&&", left, Comparison());
            }
            else if (Accept("||"))
            {
                left = new BinaryNode(BinaryOp.Or, "||", left, Comparison());
            }
            else
            {
                return left;
            }
        }
    }

    private ExprNode Comparison()
    {
        var left = Additive();
        while (true)
        {
            var (op, symbol) = Accept("<=") ? (BinaryOp.LessOrEqual, "<=")
                : Accept(">=") ? (BinaryOp.GreaterOrEqual, ">=")
                : Accept("==") ? (BinaryOp.Equal, "==")
                : Accept("!=") ? (BinaryOp.NotEqual, "!=")
                : Accept("<") ? (BinaryOp.Less, "<")
                : Accept(">") ? (BinaryOp.Greater, ">")
                : ((BinaryOp?)null, "");
            if (op is null)
            {
                return left;
            }

            left = new BinaryNode(op.Value, symbol, left, Additive());
        }
    }

    private ExprNode Additive()
    {
        var left = Multiplicative();
        while (true)
        {
            if (Accept("+"))
            {
                left = new BinaryNode(BinaryOp.Add, "+", left, Multiplicative());
            }
            else if (Accept("-"))
            {
                left = new BinaryNode(BinaryOp.Subtract, "-", left, Multiplicative());
            }
            else
            {
                return left;
            }
        }
    }

    private ExprNode Multiplicative()
    {
        var left = Power();
        while (true)
        {
            if (Accept("*"))
            {
                left = new BinaryNode(BinaryOp.Multiply, "*", left, Power());
            }
            else if (Accept("/"))
            {
                left = new BinaryNode(BinaryOp.Divide, "/", left, Power());
            }
            else if (Accept("%"))
            {
                left = new BinaryNode(BinaryOp.Modulo, "%", left, Power());
            }
            else
            {
                return left;
            }
        }
    }

    private ExprNode Power()
    {
        var left = Unary();
        return Accept("^") ? new BinaryNode(BinaryOp.Power, "^", left, Power()) : left;
    }

    private ExprNode Unary()
    {
        SkipSpace();
        if (Peek() == '!' && PeekAt(1) != '=')
        {
            _pos++;
            return new UnaryNode('!', Unary());
        }

        if (Peek() == '-')
        {
            _pos++;
            var operand = Unary();
            return operand is LiteralNode { Value.Type: ExprType.Long or ExprType.Double } literal
                ? new LiteralNode(literal.Value.Type == ExprType.Long ? ExprValue.Of(unchecked(-literal.Value.AsLong())) : ExprValue.Of(-literal.Value.AsDouble()))
                : new UnaryNode('-', operand);
        }

        return Primary();
    }

    private ExprNode Primary()
    {
        SkipSpace();
        var start = _pos;
        var c = Peek();
        if (c == '(')
        {
            _pos++;
            var inner = Logical();
            Expect(')');
            return inner;
        }

        if (char.IsAsciiDigit(c))
        {
            return Number();
        }

        if (c == '\'')
        {
            return new LiteralNode(ExprValue.Of(Quoted('\'')));
        }

        if (c == '"')
        {
            return new IdentifierNode(Quoted('"'));
        }

        if (char.IsAsciiLetter(c) || c is '_' or '$')
        {
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '$'))
            {
                _pos++;
            }

            var name = _text[start.._pos];
            SkipSpace();
            if (Peek() != '(')
            {
                return name == "null" ? new LiteralNode(ExprValue.Null) : new IdentifierNode(name);
            }

            _pos++;
            var args = new List<ExprNode>();
            SkipSpace();
            if (!Accept(")"))
            {
                do
                {
                    args.Add(Logical());
                }
                while (Accept(","));

                Expect(')');
            }

            try
            {
                return ExprFunctions.Create(name, args.ToArray());
            }
            catch (ArgumentException e)
            {
                throw Error(e.Message, start);
            }
        }

        throw _pos >= _text.Length ? Error("unexpected end of expression") : Error($"unexpected '{c}'");
    }

    private LiteralNode Number()
    {
        var start = _pos;
        while (char.IsAsciiDigit(Peek()))
        {
            _pos++;
        }

        var isDouble = false;
        if (Peek() == '.')
        {
            isDouble = true;
            _pos++;
            while (char.IsAsciiDigit(Peek()))
            {
                _pos++;
            }

            if (Peek() is 'e' or 'E' && (char.IsAsciiDigit(PeekAt(1)) || (PeekAt(1) is '+' or '-' && char.IsAsciiDigit(PeekAt(2)))))
            {
                _pos += 2;
                while (char.IsAsciiDigit(Peek()))
                {
                    _pos++;
                }
            }
        }

        var text = _text.AsSpan(start, _pos - start);
        if (isDouble)
        {
            return new LiteralNode(ExprValue.Of(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? new LiteralNode(ExprValue.Of(value))
            : throw Error($"the number {text} is too large for a long (add '.' for a double)", start);
    }

    private string Quoted(char quote)
    {
        var start = _pos;
        _pos++;
        var text = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error($"unterminated {(quote == '\'' ? "string" : "quoted identifier")}", start);
            }

            var c = _text[_pos++];
            if (c == quote)
            {
                return text.ToString();
            }

            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            var escaped = Peek();
            _pos++;
            switch (escaped)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'u' when _pos + 4 <= _text.Length
                              && int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    text.Append((char)code);
                    _pos += 4;
                    break;
                case '\\' or '\'' or '"' or '/': text.Append(escaped); break;
                default: throw Error($"invalid escape '\\{escaped}'", _pos - 2);
            }
        }
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c)
        {
            throw _pos >= _text.Length ? Error($"expected '{c}' but the expression ended") : Error($"expected '{c}' but found '{Peek()}'");
        }

        _pos++;
    }

    private bool Accept(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0)
        {
            return false;
        }

        _pos += token.Length;
        return true;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private char PeekAt(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private ExpressionException Error(string problem, int? at = null)
    {
        var position = at ?? _pos;
        return new ExpressionException($"Cannot parse expression '{_text}' at position {position}: {problem}.", _text, position);
    }
}
