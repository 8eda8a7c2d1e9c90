using Realtime.Core.Sql.Syntax;
using Superpower;
using Superpower.Model;
using static Realtime.Core.Sql.Parsing.SqlTokenParsers;

namespace Realtime.Core.Sql.Parsing;

/// <summary>
/// The expressions of Druid SQL, by precedence from loosest to tightest: <c>OR</c>, <c>AND</c>, <c>NOT</c>,
/// comparisons and predicates (<c>IS</c>, <c>LIKE</c>, <c>IN</c>, <c>BETWEEN</c>), <c>+ - ||</c>, <c>* / %</c>, unary
/// signs, then literals, names, calls, <c>CASE</c>, <c>CAST</c> and parenthesized expressions or subqueries.
/// </summary>
/// <remarks>
/// A minus sign before a number literal is folded into it (<c>-3</c> is the literal <c>-3</c>, placed at the sign);
/// before anything else it is a <see cref="SqlUnaryOperator.Negate"/>. The parsers are declared from the tightest
/// binding up, because each is built from the ones before it.
/// </remarks>
internal static class SqlExpressionGrammar
{
    /// <summary>An expression nested in another (in parentheses, arguments, <c>CASE</c>), counted against the depth limit.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> Inner = Nested(() => Expr!);

    /// <summary>A subquery nested in an expression.</summary>
    static readonly TokenListParser<SqlToken, SqlQuery> Subquery = Parse.Ref(() => SqlQueryGrammar.Query);

    /// <summary>The next tokens open a query: <c>SELECT</c> or <c>WITH</c>.</summary>
    static readonly TokenListParser<SqlToken, Unit> QueryAhead = LookingAt(t => IsWord(t, "SELECT") || IsWord(t, "WITH"));

    static readonly Dictionary<string, SqlTimeUnit> TimeUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MILLISECOND"] = SqlTimeUnit.Millisecond,
        ["SECOND"] = SqlTimeUnit.Second,
        ["MINUTE"] = SqlTimeUnit.Minute,
        ["HOUR"] = SqlTimeUnit.Hour,
        ["DAY"] = SqlTimeUnit.Day,
        ["WEEK"] = SqlTimeUnit.Week,
        ["MONTH"] = SqlTimeUnit.Month,
        ["QUARTER"] = SqlTimeUnit.Quarter,
        ["YEAR"] = SqlTimeUnit.Year,
        ["EPOCH"] = SqlTimeUnit.Epoch,
        ["DOW"] = SqlTimeUnit.DayOfWeek,
        ["ISODOW"] = SqlTimeUnit.IsoDayOfWeek,
        ["DOY"] = SqlTimeUnit.DayOfYear,
        ["ISOYEAR"] = SqlTimeUnit.IsoYear,
        ["DECADE"] = SqlTimeUnit.Decade,
        ["CENTURY"] = SqlTimeUnit.Century,
        ["MILLENNIUM"] = SqlTimeUnit.Millennium,
    };

    /// <summary>The units an <c>INTERVAL</c> literal takes.</summary>
    static readonly HashSet<SqlTimeUnit> IntervalUnits =
    [
        SqlTimeUnit.Second, SqlTimeUnit.Minute, SqlTimeUnit.Hour, SqlTimeUnit.Day, SqlTimeUnit.Week, SqlTimeUnit.Month,
        SqlTimeUnit.Quarter, SqlTimeUnit.Year,
    ];

    static readonly Dictionary<string, SqlTypeName> TypeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["VARCHAR"] = SqlTypeName.Varchar,
        ["CHAR"] = SqlTypeName.Varchar,
        ["CHARACTER"] = SqlTypeName.Varchar,
        ["STRING"] = SqlTypeName.Varchar,
        ["BIGINT"] = SqlTypeName.Bigint,
        ["INTEGER"] = SqlTypeName.Integer,
        ["INT"] = SqlTypeName.Integer,
        ["SMALLINT"] = SqlTypeName.Smallint,
        ["TINYINT"] = SqlTypeName.Tinyint,
        ["DOUBLE"] = SqlTypeName.Double,
        ["FLOAT"] = SqlTypeName.Float,
        ["REAL"] = SqlTypeName.Real,
        ["DECIMAL"] = SqlTypeName.Decimal,
        ["NUMERIC"] = SqlTypeName.Decimal,
        ["BOOLEAN"] = SqlTypeName.Boolean,
        ["TIMESTAMP"] = SqlTypeName.Timestamp,
        ["DATE"] = SqlTypeName.Date,
    };

    static readonly TokenListParser<SqlToken, Token<SqlToken>> StringToken = Token(SqlToken.String, "a string literal");

    static readonly TokenListParser<SqlToken, SqlExpr> Parameter =
        Token(SqlToken.Parameter, "\"?\"")
            .Select(SqlExpr (t) => new SqlParameter(SqlParseState.Current.ParameterIndex(t), PositionOf(t)));

    static readonly TokenListParser<SqlToken, SqlExpr> NumberLiteral =
        Token(SqlToken.Number, "a number")
            .Select(SqlExpr (t) =>
            {
                var text = t.ToStringValue();
                return new SqlNumberLiteral(text, text.AsSpan().IndexOfAny(".eE") < 0, PositionOf(t));
            });

    static readonly TokenListParser<SqlToken, SqlExpr> StringLiteral =
        StringToken.Select(SqlExpr (t) => new SqlStringLiteral(StringValue(t), PositionOf(t)));

    static readonly TokenListParser<SqlToken, SqlExpr> KeywordLiteral =
        Keyword("TRUE").Select(SqlExpr (t) => new SqlBooleanLiteral(true, PositionOf(t)))
            .Or(Keyword("FALSE").Select(SqlExpr (t) => new SqlBooleanLiteral(false, PositionOf(t))))
            .Or(Keyword("NULL").Select(SqlExpr (t) => new SqlNullLiteral(PositionOf(t))));

    /// <summary><c>TIMESTAMP '…'</c> or <c>DATE '…'</c>; without the string, the word is a column name.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> TypedLiteral =
        from ahead in LookingAt(t => IsWord(t, "TIMESTAMP") || IsWord(t, "DATE"), t => t.Kind == SqlToken.String)
        from type in Next
        from text in StringToken
        select (SqlExpr)new SqlTypedLiteral(
            IsWord(type, "DATE") ? SqlTypeName.Date : SqlTypeName.Timestamp, StringValue(text), PositionOf(type));

    static readonly TokenListParser<SqlToken, SqlTimeUnit> IntervalUnit =
        Match(t => TimeUnitOf(t) is { } unit && IntervalUnits.Contains(unit), "an interval unit (SECOND to YEAR)")
            .Select(t => TimeUnitOf(t)!.Value);

    static readonly TokenListParser<SqlToken, SqlExpr> Interval =
        from interval in Keyword("INTERVAL")
        from amount in StringToken
        from unit in IntervalUnit
        select (SqlExpr)new SqlIntervalLiteral(StringValue(amount), unit, PositionOf(interval));

    /// <summary>A time unit as an argument; <c>SQL_TSI_DAY</c> is read as <c>DAY</c>.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> TimeUnitArg =
        Match(t => TimeUnitOf(t) is not null, "a time unit")
            .Select(SqlExpr (t) => new SqlTimeUnitArg(TimeUnitOf(t)!.Value, PositionOf(t)));

    /// <summary>The optional <c>(n)</c> or <c>(p, s)</c> after a type name; it does not change the type.</summary>
    static readonly TokenListParser<SqlToken, Unit> TypeSize =
        (from open in LeftParen
         from precision in Token(SqlToken.Number, "a number")
         from scale in Comma.IgnoreThen(Token(SqlToken.Number, "a number")).Optional()
         from close in RightParen
         select Unit.Value).OptionalOrDefault(Unit.Value);

    static readonly TokenListParser<SqlToken, SqlTypeName> TypeName =
        from type in Match(t => t.Kind == SqlToken.Word && TypeNames.ContainsKey(t.ToStringValue()), "a type name")
        from qualifier in TypeQualifier(type)
        from size in TypeSize
        select TypeNames[type.ToStringValue()];

    static readonly TokenListParser<SqlToken, SqlExpr> Cast =
        from cast in Keyword("CAST")
        from open in LeftParen
        from operand in Inner
        from keyword in Keyword("AS")
        from type in TypeName
        from close in RightParen
        select (SqlExpr)new SqlCast(operand, type, PositionOf(cast));

    static readonly TokenListParser<SqlToken, SqlWhen> When =
        from keyword in Keyword("WHEN")
        from condition in Inner
        from then in Keyword("THEN")
        from result in Inner
        select new SqlWhen(condition, result);

    static readonly TokenListParser<SqlToken, SqlExpr> Case =
        from keyword in Keyword("CASE")
        from operand in Inner.OrNull()
        from whens in When.AtLeastOnce()
        from otherwise in Keyword("ELSE").IgnoreThen(Inner).OrNull()
        from end in Keyword("END")
        select (SqlExpr)new SqlCase(operand, whens, otherwise, PositionOf(keyword));

    static readonly TokenListParser<SqlToken, SqlExpr> CurrentTime =
        Keyword("CURRENT_TIMESTAMP").Or(Keyword("CURRENT_DATE")).Select(name => Call(name));

    /// <summary><c>( expression )</c> or a scalar subquery <c>( SELECT … )</c>.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> Parenthesized =
        from open in LeftParen
        from inner in QueryAhead.IgnoreThen(Subquery).Select(SqlExpr (q) => new SqlScalarSubquery(q, PositionOf(open))).Or(Inner)
        from close in RightParen
        select inner;

    /// <summary><c>FLOOR(x [TO unit])</c>, <c>CEIL(x [TO unit])</c>: the unit becomes a second argument.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> FloorOrCeil =
        from name in FunctionName("FLOOR", "CEIL", "CEILING")
        from open in LeftParen
        from operand in Inner
        from unit in Keyword("TO").IgnoreThen(TimeUnitArg).OrNull()
        from close in RightParen
        select unit is null ? Call(name, operand) : Call(name, operand, unit);

    /// <summary><c>EXTRACT(unit FROM x)</c> as <c>EXTRACT(unit, x)</c>.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> Extract =
        from name in FunctionName("EXTRACT")
        from open in LeftParen
        from unit in TimeUnitArg
        from keyword in Keyword("FROM")
        from operand in Inner
        from close in RightParen
        select Call(name, unit, operand);

    /// <summary><c>SUBSTRING(x FROM a [FOR b])</c> as <c>SUBSTRING(x, a[, b])</c>; the comma form is read as is.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> Substring =
        from name in FunctionName("SUBSTRING")
        from open in LeftParen
        from operand in Inner
        from rest in
            (from keyword in Keyword("FROM")
             from start in Inner
             from length in Keyword("FOR").IgnoreThen(Inner).OrNull()
             select length is null ? new[] { start } : [start, length])
            .Or(Comma.IgnoreThen(Inner).Many())
        from close in RightParen
        select Call(name, [operand, .. rest]);

    /// <summary><c>TIMESTAMPADD(unit, n, t)</c> and <c>TIMESTAMPDIFF(unit, a, b)</c>.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> TimestampArithmetic =
        from name in FunctionName("TIMESTAMPADD", "TIMESTAMPDIFF")
        from open in LeftParen
        from unit in TimeUnitArg
        from comma in Comma
        from first in Inner
        from comma2 in Comma
        from second in Inner
        from close in RightParen
        select Call(name, unit, first, second);

    /// <summary>
    /// <c>TRIM([BOTH|LEADING|TRAILING] [chars] FROM x)</c> as <c>TRIM(x)</c>, <c>BTRIM(x, chars)</c>, <c>LTRIM(x[, chars])</c>
    /// or <c>RTRIM(x[, chars])</c>; <c>TRIM(x)</c> is read as is.
    /// </summary>
    static readonly TokenListParser<SqlToken, SqlExpr> Trim =
        from name in FunctionName("TRIM")
        from open in LeftParen
        from side in Keyword("BOTH").Or(Keyword("LEADING")).Or(Keyword("TRAILING")).Optional()
        from characters in Inner.OrNull()
        from operand in side is null && characters is not null
            ? Keyword("FROM").IgnoreThen(Inner).OrNull()
            : Keyword("FROM").IgnoreThen(Inner).Select(SqlExpr? (e) => e)
        from close in RightParen
        select TrimCall(name, side, characters, operand);

    /// <summary>The aggregate's <c>FILTER (WHERE condition)</c>.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> AggregateFilter =
        from ahead in LookingAt(t => IsWord(t, "FILTER"), t => t.Kind == SqlToken.LeftParen)
        from filter in Next
        from open in LeftParen
        from keyword in Keyword("WHERE")
        from condition in Inner
        from close in RightParen
        select condition;

    static readonly TokenListParser<SqlToken, (SqlExpr[] Args, bool Distinct, bool Star)> Arguments =
        Star.Value((Array.Empty<SqlExpr>(), false, true))
            .Or(from distinct in Keyword("DISTINCT").Value(true).Or(Keyword("ALL").Value(false)).OptionalOrDefault(false)
                from args in distinct ? Inner.AtLeastOnceDelimitedBy(Comma) : Inner.ManyDelimitedBy(Comma)
                select (args, distinct, false));

    /// <summary><c>NAME([DISTINCT] args | *) [FILTER (WHERE …)]</c>, for any unreserved name followed by a parenthesis.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> FunctionCall =
        from ahead in LookingAt(t => t.Kind == SqlToken.Word && IsIdentifier(t), t => t.Kind == SqlToken.LeftParen)
        from name in Next
        from open in LeftParen
        from args in Arguments
        from close in RightParen
        from filter in AggregateFilter.OrNull()
        from over in Refuse(t => IsWord(t, "OVER"), "Window functions (OVER) are not supported")
        select (SqlExpr)new SqlFunctionCall(
            name.ToStringValue().ToUpperInvariant(), args.Args, args.Distinct, args.Star, filter, PositionOf(name));

    static readonly TokenListParser<SqlToken, SqlExpr> ColumnReference =
        from first in Identifier
        from rest in Dot.IgnoreThen(Identifier).Many()
        select (SqlExpr)new SqlIdentifier([first.Text, .. rest.Select(name => name.Text)], first.Position);

    /// <summary><c>POSITION(a IN b [FROM c])</c> as <c>POSITION(a, b[, c])</c>; <c>a</c> is read without predicates so <c>IN</c> ends it.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> Position =
        from name in FunctionName("POSITION")
        from open in LeftParen
        from needle in Nested(() => Additive!)
        from keyword in Keyword("IN")
        from haystack in Inner
        from start in Keyword("FROM").IgnoreThen(Inner).OrNull()
        from close in RightParen
        select start is null ? Call(name, needle, haystack) : Call(name, needle, haystack, start);

    static readonly TokenListParser<SqlToken, SqlExpr> Primary =
        Refuse(t => IsWord(t, "EXISTS"), "EXISTS is not supported; use IN (subquery)")
            .IgnoreThen(Parse.OneOf(
                Parameter, NumberLiteral, StringLiteral, Parenthesized, KeywordLiteral, Case, Cast, Interval, CurrentTime,
                TypedLiteral, FloorOrCeil, Extract, Substring, Position, Trim, TimestampArithmetic,
                FunctionCall, ColumnReference));

    static readonly TokenListParser<SqlToken, SqlExpr> Signed =
        (from signs in Token(SqlToken.Minus, "\"-\"").Or(Token(SqlToken.Plus, "\"+\"")).Many()
         from operand in Primary
         select ApplySigns(signs, operand)).Described("an expression");

    static readonly TokenListParser<SqlToken, SqlExpr> Multiplicative = Parse.Chain(
        Operator(SqlToken.Star, "*", SqlBinaryOperator.Multiply)
            .Or(Operator(SqlToken.Slash, "/", SqlBinaryOperator.Divide))
            .Or(Operator(SqlToken.Percent, "%", SqlBinaryOperator.Modulo)),
        Signed,
        Binary);

    static readonly TokenListParser<SqlToken, SqlExpr> Additive = Parse.Chain(
        Operator(SqlToken.Plus, "+", SqlBinaryOperator.Add)
            .Or(Operator(SqlToken.Minus, "-", SqlBinaryOperator.Subtract))
            .Or(Operator(SqlToken.Concat, "||", SqlBinaryOperator.Concat)),
        Multiplicative,
        Binary);

    static readonly TokenListParser<SqlToken, Operand> Comparison =
        Operator(SqlToken.Equal, "=", SqlBinaryOperator.Equal)
            .Or(Operator(SqlToken.NotEqual, "<>", SqlBinaryOperator.NotEqual))
            .Or(Operator(SqlToken.Less, "<", SqlBinaryOperator.Less))
            .Or(Operator(SqlToken.LessOrEqual, "<=", SqlBinaryOperator.LessOrEqual))
            .Or(Operator(SqlToken.Greater, ">", SqlBinaryOperator.Greater))
            .Or(Operator(SqlToken.GreaterOrEqual, ">=", SqlBinaryOperator.GreaterOrEqual))
            .Then(op => Additive.Select(Operand (right) => (left, _) => new SqlBinary(op.Operator, left, right, op.Position)));

    static readonly TokenListParser<SqlToken, Operand> Is =
        from keyword in Keyword("IS")
        from negation in Keyword("NOT").Optional()
        from value in Keyword("NULL").Or(Keyword("TRUE")).Or(Keyword("FALSE"))
        select (Operand)((left, start) => IsWord(value, "NULL")
            ? new SqlIsNull(left, negation.HasValue, start)
            : new SqlIsBoolean(left, IsWord(value, "TRUE"), negation.HasValue, start));

    static readonly TokenListParser<SqlToken, NegatableOperand> Like =
        from keyword in Keyword("LIKE")
        from pattern in Additive
        from escape in Keyword("ESCAPE").IgnoreThen(Additive).OrNull()
        select (NegatableOperand)((left, start, negated) => new SqlLike(left, pattern, escape, negated, start));

    static readonly TokenListParser<SqlToken, NegatableOperand> In =
        from keyword in Keyword("IN")
        from open in LeftParen
        from tail in QueryAhead.IgnoreThen(Subquery)
            .Select(NegatableOperand (query) => (left, start, negated) => new SqlInQuery(left, query, negated, start))
            .Or(Inner.AtLeastOnceDelimitedBy(Comma)
                .Select(NegatableOperand (values) => (left, start, negated) => new SqlIn(left, values, negated, start)))
        from close in RightParen
        select tail;

    static readonly TokenListParser<SqlToken, NegatableOperand> Between =
        from keyword in Keyword("BETWEEN")
        from low in Additive
        from keyword2 in Keyword("AND")
        from high in Additive
        select (NegatableOperand)((left, start, negated) => new SqlBetween(left, low, high, negated, start));

    static readonly TokenListParser<SqlToken, Operand> Negatable =
        from negation in Keyword("NOT").Optional()
        from predicate in Like.Or(In).Or(Between)
        select (Operand)((left, start) => predicate(left, start, negation.HasValue));

    /// <summary>An operand followed by any comparisons and predicates, applied left to right.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> Predicate =
        from start in Here
        from left in Additive
        from tails in Comparison.Or(Is).Or(Negatable).Many()
        select tails.Aggregate(left, (operand, tail) => tail(operand, start));

    static readonly TokenListParser<SqlToken, SqlExpr> Negation =
        from nots in Keyword("NOT").Many()
        from operand in Predicate
        select nots.Reverse().Aggregate(operand, (negated, keyword) => new SqlUnary(SqlUnaryOperator.Not, negated, PositionOf(keyword)));

    static readonly TokenListParser<SqlToken, SqlExpr> Conjunction =
        Parse.Chain(Operator("AND", SqlBinaryOperator.And), Negation, Binary);

    static readonly TokenListParser<SqlToken, SqlExpr> Disjunction =
        Parse.Chain(Operator("OR", SqlBinaryOperator.Or), Conjunction, Binary);

    /// <summary>An expression.</summary>
    public static TokenListParser<SqlToken, SqlExpr> Expr { get; } = Disjunction.Described("an expression");

    /// <summary>Applies a comparison or predicate to its left operand, which starts at the given position.</summary>
    delegate SqlExpr Operand(SqlExpr left, SqlPosition start);

    /// <summary>Applies a predicate that <c>NOT</c> may negate to its left operand.</summary>
    delegate SqlExpr NegatableOperand(SqlExpr left, SqlPosition start, bool negated);

    /// <summary>A binary operator and where it stands.</summary>
    readonly record struct BinaryOperator(SqlBinaryOperator Operator, SqlPosition Position);

    static TokenListParser<SqlToken, BinaryOperator> Operator(SqlToken kind, string text, SqlBinaryOperator op) =>
        Token(kind, $"\"{text}\"").Select(t => new BinaryOperator(op, PositionOf(t)));

    static TokenListParser<SqlToken, BinaryOperator> Operator(string keyword, SqlBinaryOperator op) =>
        Keyword(keyword).Select(t => new BinaryOperator(op, PositionOf(t)));

    static SqlExpr Binary(BinaryOperator op, SqlExpr left, SqlExpr right) => new SqlBinary(op.Operator, left, right, op.Position);

    /// <summary>One of <paramref name="names"/> followed by a parenthesis.</summary>
    static TokenListParser<SqlToken, Token<SqlToken>> FunctionName(params string[] names) =>
        LookingAt(t => names.Any(name => IsWord(t, name)), t => t.Kind == SqlToken.LeftParen).IgnoreThen(Next);

    static SqlExpr Call(Token<SqlToken> name, params SqlExpr[] args) => Call(name.ToStringValue().ToUpperInvariant(), name, args);

    static SqlExpr Call(string name, Token<SqlToken> at, params SqlExpr[] args) =>
        new SqlFunctionCall(name, args, false, false, null, PositionOf(at));

    static SqlExpr TrimCall(Token<SqlToken> name, Token<SqlToken>? side, SqlExpr? characters, SqlExpr? operand)
    {
        if (operand is null)
        {
            return Call(name, characters!);
        }

        var function = side is { } s && IsWord(s, "LEADING") ? "LTRIM"
            : side is { } e && IsWord(e, "TRAILING") ? "RTRIM"
            : characters is null ? "TRIM"
            : "BTRIM";
        return characters is null ? Call(function, name, operand) : Call(function, name, operand, characters);
    }

    static SqlExpr ApplySigns(Token<SqlToken>[] signs, SqlExpr operand)
    {
        for (var i = signs.Length - 1; i >= 0; i--)
        {
            if (signs[i].Kind == SqlToken.Minus)
            {
                operand = operand is SqlNumberLiteral number && !number.Text.StartsWith('-')
                    ? number with { Text = "-" + number.Text, Position = PositionOf(signs[i]) }
                    : new SqlUnary(SqlUnaryOperator.Negate, operand, PositionOf(signs[i]));
            }
        }

        return operand;
    }

    static TokenListParser<SqlToken, Unit> TypeQualifier(Token<SqlToken> type) =>
        IsWord(type, "DOUBLE") ? Keyword("PRECISION").Optional().Value(Unit.Value)
        : IsWord(type, "CHARACTER") || IsWord(type, "CHAR") ? Keyword("VARYING").Optional().Value(Unit.Value)
        : Parse.Return<SqlToken, Unit>(Unit.Value);

    static SqlTimeUnit? TimeUnitOf(Token<SqlToken> token)
    {
        if (token.Kind != SqlToken.Word)
        {
            return null;
        }

        var word = token.ToStringValue();
        if (word.StartsWith("SQL_TSI_", StringComparison.OrdinalIgnoreCase))
        {
            word = word["SQL_TSI_".Length..];
        }

        return TimeUnits.TryGetValue(word, out var unit) ? unit : null;
    }

    /// <summary>A string literal's value: without its quotes, a doubled quote read as one.</summary>
    static string StringValue(Token<SqlToken> token) =>
        token.ToStringValue()[1..^1].Replace("''", "'", StringComparison.Ordinal);
}
