using Superpower;
using Superpower.Model;

namespace Realtime.Core.Sql.Parsing;

/// <summary>
/// Splits Druid SQL text into <see cref="SqlToken"/>s, skipping white space, <c>-- line</c> and <c>/* block */</c>
/// comments. Keywords are not told apart from identifiers here: both are <see cref="SqlToken.Word"/>.
/// </summary>
/// <remarks>A lexical error (an unterminated string, quoted identifier or comment, a stray character) is an empty
/// result whose error message says what was wrong, at the place it starts.</remarks>
internal sealed class SqlTokenizer : Tokenizer<SqlToken>
{
    /// <summary>The tokenizer; it keeps no state, so one serves every thread.</summary>
    public static SqlTokenizer Instance { get; } = new();

    /// <inheritdoc />
    protected override IEnumerable<Result<SqlToken>> Tokenize(TextSpan span)
    {
        var next = SkipWhiteSpace(span);
        while (next.HasValue)
        {
            var start = next.Location;
            var c = next.Value;
            var rest = next.Remainder;
            var following = rest.ConsumeChar();
            SqlToken kind;
            switch (c)
            {
                case '-' when following is { HasValue: true, Value: '-' }:
                    next = SkipWhiteSpace(SkipWhile(following.Remainder, ch => ch != '\n'));
                    continue;
                case '/' when following is { HasValue: true, Value: '*' }:
                    var afterComment = SkipBlockComment(following.Remainder);
                    if (afterComment is null)
                    {
                        yield return Result.Empty<SqlToken>(start, "Unterminated comment: /* without */");
                        yield break;
                    }

                    next = SkipWhiteSpace(afterComment.Value);
                    continue;
                case '\'':
                case '"':
                    var afterQuote = SkipQuoted(rest, c);
                    if (afterQuote is null)
                    {
                        yield return Result.Empty<SqlToken>(start, c == '\''
                            ? "Unterminated string literal: ' without its closing '"
                            : "Unterminated quoted identifier: \" without its closing \"");
                        yield break;
                    }

                    if (c == '"' && afterQuote.Value.Position.Absolute - start.Position.Absolute == 2)
                    {
                        yield return Result.Empty<SqlToken>(start, "Empty quoted identifier \"\"");
                        yield break;
                    }

                    rest = afterQuote.Value;
                    kind = c == '\'' ? SqlToken.String : SqlToken.QuotedIdentifier;
                    break;
                case '.' when following is { HasValue: true } && char.IsAsciiDigit(following.Value):
                case >= '0' and <= '9':
                    rest = SkipNumber(start);
                    kind = SqlToken.Number;
                    break;
                case var letter when char.IsLetter(letter) || letter is '_' or '$':
                    rest = SkipWhile(rest, ch => char.IsLetterOrDigit(ch) || ch is '_' or '$');
                    kind = SqlToken.Word;
                    break;
                case '<' when following is { HasValue: true, Value: '=' or '>' }:
                    rest = following.Remainder;
                    kind = following.Value == '=' ? SqlToken.LessOrEqual : SqlToken.NotEqual;
                    break;
                case '>' when following is { HasValue: true, Value: '=' }:
                    rest = following.Remainder;
                    kind = SqlToken.GreaterOrEqual;
                    break;
                case '!' when following is { HasValue: true, Value: '=' }:
                    rest = following.Remainder;
                    kind = SqlToken.NotEqual;
                    break;
                case '|' when following is { HasValue: true, Value: '|' }:
                    rest = following.Remainder;
                    kind = SqlToken.Concat;
                    break;
                default:
                    if (!SingleCharacter.TryGetValue(c, out kind))
                    {
                        yield return Result.Empty<SqlToken>(start, $"Unexpected character '{c}'");
                        yield break;
                    }

                    break;
            }

            yield return Result.Value(kind, start, rest);
            next = SkipWhiteSpace(rest);
        }
    }

    static readonly Dictionary<char, SqlToken> SingleCharacter = new()
    {
        [','] = SqlToken.Comma,
        ['.'] = SqlToken.Dot,
        ['('] = SqlToken.LeftParen,
        [')'] = SqlToken.RightParen,
        [';'] = SqlToken.Semicolon,
        ['*'] = SqlToken.Star,
        ['+'] = SqlToken.Plus,
        ['-'] = SqlToken.Minus,
        ['/'] = SqlToken.Slash,
        ['%'] = SqlToken.Percent,
        ['='] = SqlToken.Equal,
        ['<'] = SqlToken.Less,
        ['>'] = SqlToken.Greater,
        ['?'] = SqlToken.Parameter,
    };

    static TextSpan SkipWhile(TextSpan span, Func<char, bool> predicate)
    {
        var next = span.ConsumeChar();
        while (next.HasValue && predicate(next.Value))
        {
            span = next.Remainder;
            next = span.ConsumeChar();
        }

        return span;
    }

    /// <summary>The text after the closing <c>*/</c>, or null when there is none.</summary>
    static TextSpan? SkipBlockComment(TextSpan span)
    {
        var previous = '\0';
        for (var next = span.ConsumeChar(); next.HasValue; next = next.Remainder.ConsumeChar())
        {
            if (previous == '*' && next.Value == '/')
            {
                return next.Remainder;
            }

            previous = next.Value;
        }

        return null;
    }

    /// <summary>The text after the closing quote (a doubled quote stands for one), or null when there is none.</summary>
    static TextSpan? SkipQuoted(TextSpan span, char quote)
    {
        for (var next = span.ConsumeChar(); next.HasValue; next = next.Remainder.ConsumeChar())
        {
            if (next.Value != quote)
            {
                continue;
            }

            var after = next.Remainder.ConsumeChar();
            if (!after.HasValue || after.Value != quote)
            {
                return next.Remainder;
            }

            next = after;
        }

        return null;
    }

    /// <summary>Digits, an optional fraction and an optional exponent (only when digits follow the <c>e</c>).</summary>
    static TextSpan SkipNumber(TextSpan start)
    {
        var rest = SkipWhile(start, char.IsAsciiDigit);
        var dot = rest.ConsumeChar();
        if (dot is { HasValue: true, Value: '.' })
        {
            rest = SkipWhile(dot.Remainder, char.IsAsciiDigit);
        }

        var e = rest.ConsumeChar();
        if (e is { HasValue: true, Value: 'e' or 'E' })
        {
            var exponent = e.Remainder;
            var sign = exponent.ConsumeChar();
            if (sign is { HasValue: true, Value: '+' or '-' })
            {
                exponent = sign.Remainder;
            }

            var digit = exponent.ConsumeChar();
            if (digit.HasValue && char.IsAsciiDigit(digit.Value))
            {
                rest = SkipWhile(exponent, char.IsAsciiDigit);
            }
        }

        return rest;
    }
}
