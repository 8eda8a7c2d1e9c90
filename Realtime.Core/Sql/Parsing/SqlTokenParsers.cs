using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Realtime.Core.Sql.Syntax;
using Superpower;
using Superpower.Model;

namespace Realtime.Core.Sql.Parsing;

/// <summary>A name read from the text (an identifier or alias) and where it stands.</summary>
/// <param name="Text">The name: unquoted as written, quoted without its quotes.</param>
/// <param name="Position">Where it stands.</param>
internal readonly record struct SqlName(string Text, SqlPosition Position);

/// <summary>
/// The token-level building blocks of the grammar. Every failure to match is noted in <see cref="SqlParseState"/>, so a
/// syntax error can list everything that was expected at the farthest point the parse reached.
/// </summary>
internal static class SqlTokenParsers
{
    /// <summary>Deeper nesting of expressions and queries than this is refused with a clear error.</summary>
    public const int MaxDepth = 1000;

    /// <summary>
    /// Words that never stand for an identifier. Everything else (<c>user</c>, <c>count</c>, <c>time</c>, <c>day</c>,
    /// …) can name a column, table or alias, and is read as a keyword only where the grammar expects that keyword.
    /// </summary>
    public static readonly FrozenSet<string> Reserved = new[]
    {
        "ALL", "AND", "AS", "BETWEEN", "BY", "CASE", "CAST", "CURRENT_DATE", "CURRENT_TIMESTAMP", "DISTINCT", "ELSE",
        "END", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FROM", "GROUP", "HAVING", "IN", "INTERSECT", "INTERVAL", "IS",
        "JOIN", "LIKE", "LIMIT", "NOT", "NULL", "OFFSET", "ON", "OR", "ORDER", "SELECT", "THEN", "TRUE", "UNION",
        "WHEN", "WHERE", "WITH",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where <paramref name="token"/> stands.</summary>
    public static SqlPosition PositionOf(Token<SqlToken> token) => new(token.Position.Line, token.Position.Column);

    /// <summary>Whether <paramref name="token"/> is the unquoted word <paramref name="word"/>, in any case.</summary>
    public static bool IsWord(Token<SqlToken> token, string word) =>
        token.Kind == SqlToken.Word && token.Span.EqualsValueIgnoreCase(word);

    /// <summary>Whether <paramref name="token"/> can be read as an identifier.</summary>
    public static bool IsIdentifier(Token<SqlToken> token) =>
        token.Kind == SqlToken.QuotedIdentifier || token.Kind == SqlToken.Word && !Reserved.Contains(token.ToStringValue());

    /// <summary>One token that passes <paramref name="test"/>; <paramref name="expectation"/> names it in errors.</summary>
    public static TokenListParser<SqlToken, Token<SqlToken>> Match(Func<Token<SqlToken>, bool> test, string expectation) =>
        input =>
        {
            var next = input.ConsumeToken();
            if (next.HasValue && test(next.Value))
            {
                return next;
            }

            SqlParseState.Current.Fail(input.Position, expectation);
            return TokenListParserResult.Empty<SqlToken, Token<SqlToken>>(input, [expectation]);
        };

    /// <summary>One token of <paramref name="kind"/>, shown as <paramref name="text"/> in errors.</summary>
    public static TokenListParser<SqlToken, Token<SqlToken>> Token(SqlToken kind, string text) =>
        Match(t => t.Kind == kind, text);

    /// <summary>The keyword <paramref name="word"/> (upper case), in any case.</summary>
    public static TokenListParser<SqlToken, Token<SqlToken>> Keyword(string word) =>
        Match(t => IsWord(t, word), $"\"{word}\"");

    /// <summary><c>,</c>.</summary>
    public static TokenListParser<SqlToken, Token<SqlToken>> Comma { get; } = Token(SqlToken.Comma, "\",\"");

    /// <summary><c>.</c>.</summary>
    public static TokenListParser<SqlToken, Token<SqlToken>> Dot { get; } = Token(SqlToken.Dot, "\".\"");

    /// <summary><c>(</c>.</summary>
    public static TokenListParser<SqlToken, Token<SqlToken>> LeftParen { get; } = Token(SqlToken.LeftParen, "\"(\"");

    /// <summary><c>)</c>.</summary>
    public static TokenListParser<SqlToken, Token<SqlToken>> RightParen { get; } = Token(SqlToken.RightParen, "\")\"");

    /// <summary><c>*</c>.</summary>
    public static TokenListParser<SqlToken, Token<SqlToken>> Star { get; } = Token(SqlToken.Star, "\"*\"");

    /// <summary>The next token, whatever it is (after a <see cref="LookingAt"/> has checked it).</summary>
    public static TokenListParser<SqlToken, Token<SqlToken>> Next { get; } = Match(static _ => true, "a token");

    /// <summary>An identifier: an unquoted non-reserved word kept as written, or a quoted one without its quotes.</summary>
    public static TokenListParser<SqlToken, SqlName> Identifier { get; } = IdentifierExcept(static _ => false);

    /// <summary>An identifier, except the unquoted words for which <paramref name="excluded"/> holds.</summary>
    public static TokenListParser<SqlToken, SqlName> IdentifierExcept(Func<Token<SqlToken>, bool> excluded) =>
        Match(t => IsIdentifier(t) && !(t.Kind == SqlToken.Word && excluded(t)), "an identifier")
            .Select(t => new SqlName(NameOf(t), PositionOf(t)));

    /// <summary>Succeeds, consuming nothing, when the next tokens pass <paramref name="tests"/> in order.</summary>
    public static TokenListParser<SqlToken, Unit> LookingAt(params Func<Token<SqlToken>, bool>[] tests) =>
        input =>
        {
            var rest = input;
            foreach (var test in tests)
            {
                var next = rest.ConsumeToken();
                if (!next.HasValue || !test(next.Value))
                {
                    return TokenListParserResult.Empty<SqlToken, Unit>(input);
                }

                rest = next.Remainder;
            }

            return TokenListParserResult.Value(Unit.Value, input, input);
        };

    /// <summary>
    /// Succeeds, consuming nothing, unless the next token passes <paramref name="test"/>: then the statement is refused
    /// with <paramref name="message"/> at that token (for constructs that are never valid there, such as joins).
    /// </summary>
    public static TokenListParser<SqlToken, Unit> Refuse(Func<Token<SqlToken>, bool> test, string message) =>
        input =>
        {
            var next = input.ConsumeToken();
            return next.HasValue && test(next.Value)
                ? throw SqlPlanningException.Syntax(message, PositionOf(next.Value))
                : TokenListParserResult.Value(Unit.Value, input, input);
        };

    /// <summary>Where the next token stands (the end of the text when there is none); consumes nothing.</summary>
    public static TokenListParser<SqlToken, SqlPosition> Here { get; } = input =>
    {
        var next = input.ConsumeToken();
        var position = next.HasValue ? PositionOf(next.Value) : SqlParseState.Current.End;
        return TokenListParserResult.Value(position, input, input);
    };

    /// <summary>The end of the text.</summary>
    public static TokenListParser<SqlToken, Unit> End { get; } = input =>
    {
        if (input.IsAtEnd)
        {
            return TokenListParserResult.Value(Unit.Value, input, input);
        }

        SqlParseState.Current.Fail(input.Position, "end of input");
        return TokenListParserResult.Empty<SqlToken, Unit>(input, ["end of input"]);
    };

    /// <summary>
    /// A parser that may nest within itself (resolved on first use, so it can refer to a field defined later). Past
    /// <see cref="MaxDepth"/> levels the statement is refused as too deeply nested; close to the end of the thread's
    /// stack an <see cref="InsufficientExecutionStackException"/> asks <see cref="SqlParser"/> to parse again on a larger
    /// stack, and on that stack the statement is refused too.
    /// </summary>
    public static TokenListParser<SqlToken, T> Nested<T>(Func<TokenListParser<SqlToken, T>> parser)
    {
        TokenListParser<SqlToken, T>? resolved = null;
        return input =>
        {
            resolved ??= parser();
            var state = SqlParseState.Current;
            var tooDeep = ++state.Depth > MaxDepth;
            if (tooDeep || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                if (!tooDeep && !state.OnLargeStack)
                {
                    throw new InsufficientExecutionStackException();
                }

                var next = input.ConsumeToken();
                throw SqlPlanningException.Syntax(
                    $"The statement nests expressions or queries too deeply (at most {MaxDepth} levels)",
                    next.HasValue ? PositionOf(next.Value) : state.End);
            }

            try
            {
                return resolved(input);
            }
            finally
            {
                state.Depth--;
            }
        };
    }

    /// <summary>
    /// <paramref name="parser"/>, with what it expected at its first token summed up as <paramref name="description"/>
    /// when it got no further.
    /// </summary>
    public static TokenListParser<SqlToken, T> Described<T>(this TokenListParser<SqlToken, T> parser, string description) =>
        input =>
        {
            var state = SqlParseState.Current;
            var mark = state.Mark();
            var result = parser(input);
            state.Describe(input.Position, mark, description);
            return result;
        };

    /// <summary><paramref name="parser"/>, or null when it fails without consuming input.</summary>
    public static TokenListParser<SqlToken, T?> OrNull<T>(this TokenListParser<SqlToken, T> parser)
        where T : class =>
        parser.Select(T? (value) => value).OptionalOrDefault(null);

    /// <summary>The text of a word or quoted identifier: a quoted one loses its quotes and its doubled quotes.</summary>
    static string NameOf(Token<SqlToken> token)
    {
        var text = token.ToStringValue();
        return token.Kind == SqlToken.QuotedIdentifier ? text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }
}
