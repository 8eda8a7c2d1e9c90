using Realtime.Core.Sql.Syntax;
using Superpower.Model;

namespace Realtime.Core.Sql.Parsing;

/// <summary>
/// What one parse tracks beside the combinators: the numbering of <c>?</c> parameters, the farthest place the grammar
/// failed and what it expected there (for Calcite-style "Encountered … Was expecting one of …" messages), and how deep
/// expressions and queries nest.
/// </summary>
/// <remarks>
/// The grammar is a set of static parsers shared by all threads, so the state of the parse running on this thread is
/// reached through <see cref="Current"/>; a parse is synchronous and never re-entered.
/// </remarks>
internal sealed class SqlParseState
{
    [ThreadStatic]
    static SqlParseState? current;

    readonly int[] parameterOffsets;
    readonly List<string> expected = [];

    SqlParseState(TokenList<SqlToken> tokens, SqlPosition end, bool onLargeStack)
    {
        parameterOffsets = tokens.Where(t => t.Kind == SqlToken.Parameter).Select(t => t.Position.Absolute).ToArray();
        End = end;
        OnLargeStack = onLargeStack;
    }

    /// <summary>The state of the parse running on this thread.</summary>
    public static SqlParseState Current =>
        current ?? throw new InvalidOperationException("No SQL parse is running on this thread.");

    /// <summary>Where the text ends: just after its last token.</summary>
    public SqlPosition End { get; }

    /// <summary>Whether the parse runs on the large stack <see cref="SqlParser"/> falls back to for deep nesting.</summary>
    public bool OnLargeStack { get; }

    /// <summary>How many <c>?</c> parameters the text holds.</summary>
    public int ParameterCount => parameterOffsets.Length;

    /// <summary>How deep expressions and queries are nested at this point of the parse.</summary>
    public int Depth { get; set; }

    /// <summary>The index in the token list of the farthest failure, or -1.</summary>
    public int FarthestFailure { get; private set; } = -1;

    /// <summary>What was expected at <see cref="FarthestFailure"/>, in the order first tried.</summary>
    public IReadOnlyList<string> Expected => expected;

    /// <summary>Starts the state of a parse on this thread; disposing the result ends it.</summary>
    public static Scope Begin(TokenList<SqlToken> tokens, SqlPosition end, bool onLargeStack)
    {
        current = new SqlParseState(tokens, end, onLargeStack);
        return new Scope();
    }

    /// <summary>The index of the parameter at <paramref name="token"/>, from 0 in text order.</summary>
    public int ParameterIndex(Token<SqlToken> token) => Array.BinarySearch(parameterOffsets, token.Position.Absolute);

    /// <summary>Notes that <paramref name="expectation"/> was tried and not found at token index <paramref name="at"/>.</summary>
    public void Fail(int at, string expectation)
    {
        if (at > FarthestFailure)
        {
            FarthestFailure = at;
            expected.Clear();
        }

        if (at == FarthestFailure && !expected.Contains(expectation))
        {
            expected.Add(expectation);
        }
    }

    /// <summary>A point to go back to with <see cref="Describe"/>.</summary>
    public (int Farthest, int Count) Mark() => (FarthestFailure, expected.Count);

    /// <summary>
    /// When nothing got past token index <paramref name="at"/> since <paramref name="mark"/>, replaces what was expected
    /// there meanwhile by one description (all the ways an expression can start become "an expression").
    /// </summary>
    public void Describe(int at, (int Farthest, int Count) mark, string description)
    {
        if (FarthestFailure != at)
        {
            return;
        }

        var keep = mark.Farthest == at ? mark.Count : 0;
        expected.RemoveRange(keep, expected.Count - keep);
        Fail(at, description);
    }

    /// <summary>Ends the parse state of this thread.</summary>
    public readonly struct Scope : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => current = null;
    }
}
