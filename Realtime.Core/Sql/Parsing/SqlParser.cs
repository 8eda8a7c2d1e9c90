using System.Runtime.ExceptionServices;
using Realtime.Core.Sql.Syntax;
using Superpower.Model;

namespace Realtime.Core.Sql.Parsing;

/// <summary>Reads Druid SQL text (Calcite's dialect, as Druid configures it) into a <see cref="SqlStatement"/>.</summary>
/// <remarks>
/// Keywords are case-insensitive; unquoted identifiers keep their case, as Druid's columns are case-sensitive. Every
/// syntax error is a <see cref="SqlPlanningException"/> with the code <see cref="SqlPlanningException.ParseFailed"/>
/// and the line and column where the text went wrong. Thread-safe. A statement nested too deeply for the calling
/// thread's stack is parsed again on a thread of its own with a larger stack.
/// </remarks>
public static class SqlParser
{
    /// <summary>The stack of the thread that parses deeply nested statements; enough for <see cref="SqlTokenParsers.MaxDepth"/> levels.</summary>
    const int LargeStackBytes = 64 * 1024 * 1024;

    /// <summary>Parses one statement, <c>[EXPLAIN PLAN FOR] query [;]</c>.</summary>
    /// <param name="sql">The statement's text.</param>
    /// <returns>The statement's syntax tree.</returns>
    /// <exception cref="SqlPlanningException">The text is not a statement this parser reads.</exception>
    public static SqlStatement Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        try
        {
            return ParseStatement(sql);
        }
        catch (Exception e) when (e is not SqlPlanningException)
        {
            throw SqlPlanningException.Syntax($"The statement could not be parsed: {e.Message}", new SqlPosition(1, 1));
        }
    }

    static SqlStatement ParseStatement(string sql)
    {
        var tokenized = SqlTokenizer.Instance.TryTokenize(sql);
        if (!tokenized.HasValue)
        {
            throw SqlPlanningException.Syntax(
                tokenized.ErrorMessage ?? tokenized.FormatErrorMessageFragment(), PositionOf(tokenized.ErrorPosition));
        }

        var tokens = tokenized.Value;
        if (tokens.IsAtEnd)
        {
            throw SqlPlanningException.Syntax("The statement is empty", new SqlPosition(1, 1));
        }

        try
        {
            return ParseTokens(tokens, onLargeStack: false);
        }
        catch (InsufficientExecutionStackException)
        {
            return OnLargeStack(() => ParseTokens(tokens, onLargeStack: true));
        }
    }

    static SqlStatement ParseTokens(TokenList<SqlToken> tokens, bool onLargeStack)
    {
        using var scope = SqlParseState.Begin(tokens, EndOf(tokens), onLargeStack);
        var state = SqlParseState.Current;
        var result = SqlQueryGrammar.Statement(tokens);
        if (result.HasValue)
        {
            return new SqlStatement(result.Value.Query, result.Value.Explain, state.ParameterCount);
        }

        var at = Math.Max(state.FarthestFailure, result.Location.Position);
        var token = tokens.Skip(at).Select(t => (Token<SqlToken>?)t).FirstOrDefault();
        var encountered = token is { } t ? $"\"{Shorten(t.ToStringValue())}\"" : "end of input";
        var expected = at == state.FarthestFailure ? state.Expected : result.Expectations ?? [];
        var message = expected.Count switch
        {
            0 => $"Encountered {encountered}",
            1 => $"Encountered {encountered}. Was expecting: {expected[0]}",
            _ => $"Encountered {encountered}. Was expecting one of: {string.Join(", ", expected)}",
        };
        throw SqlPlanningException.Syntax(message, token is { } found ? SqlTokenParsers.PositionOf(found) : state.End);
    }

    static SqlStatement OnLargeStack(Func<SqlStatement> parse)
    {
        SqlStatement? statement = null;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    statement = parse();
                }
                catch (Exception e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                }
            },
            LargeStackBytes) { Name = "SQL parser (deep nesting)" };
        thread.Start();
        thread.Join();
        error?.Throw();
        return statement!;
    }

    static SqlPosition PositionOf(Position position) => new(position.Line, position.Column);

    /// <summary>Just after the last token.</summary>
    static SqlPosition EndOf(TokenList<SqlToken> tokens)
    {
        var last = tokens.Last();
        var position = last.Position;
        foreach (var c in last.Span.ToStringValue())
        {
            position = position.Advance(c);
        }

        return PositionOf(position);
    }

    static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
