namespace Realtime.Core.Sql.Syntax;

/// <summary>Where a piece of SQL text starts: 1-based line and column.</summary>
/// <param name="Line">The line, from 1.</param>
/// <param name="Column">The column, from 1.</param>
public readonly record struct SqlPosition(int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Line}, column {Column}";
}

/// <summary>A whole SQL statement: a query, or <c>EXPLAIN PLAN FOR</c> a query.</summary>
/// <param name="Query">The query.</param>
/// <param name="Explain">Whether the statement asks for the plan rather than the results.</param>
/// <param name="ParameterCount">How many <c>?</c> parameters the text holds.</param>
public sealed record SqlStatement(SqlQuery Query, bool Explain, int ParameterCount);

/// <summary>A query: optional common table expressions, a body, and the ordering and paging of its rows.</summary>
/// <param name="With">The <c>WITH</c> tables, in order; each may read the ones before it.</param>
/// <param name="Body">The selects and unions that produce the rows.</param>
/// <param name="OrderBy">The <c>ORDER BY</c> items; empty when absent.</param>
/// <param name="Limit">The <c>LIMIT</c> (or <c>FETCH FIRST n ROWS ONLY</c>) expression, or null.</param>
/// <param name="Offset">The <c>OFFSET</c> expression, or null.</param>
/// <param name="Position">Where the query starts.</param>
public sealed record SqlQuery(
    IReadOnlyList<SqlWith> With,
    SqlSetExpr Body,
    IReadOnlyList<SqlOrderItem> OrderBy,
    SqlExpr? Limit,
    SqlExpr? Offset,
    SqlPosition Position);

/// <summary>One <c>name [(columns)] AS (query)</c> of a <c>WITH</c> clause.</summary>
/// <param name="Name">The table name it defines.</param>
/// <param name="Columns">The column names given after the name, or null to keep the query's own.</param>
/// <param name="Query">The query.</param>
/// <param name="Position">Where the name stands.</param>
public sealed record SqlWith(string Name, IReadOnlyList<string>? Columns, SqlQuery Query, SqlPosition Position);

/// <summary>The body of a query: a select, a <c>UNION ALL</c>, or a parenthesized query.</summary>
/// <param name="Position">Where it starts.</param>
public abstract record SqlSetExpr(SqlPosition Position);

/// <summary><c>SELECT [DISTINCT] items [FROM] [WHERE] [GROUP BY] [HAVING]</c>.</summary>
/// <param name="Distinct">Whether duplicate rows are removed.</param>
/// <param name="Items">The select list.</param>
/// <param name="From">The relation read, or null for a select without <c>FROM</c>.</param>
/// <param name="Where">The <c>WHERE</c> condition, or null.</param>
/// <param name="GroupBy">The <c>GROUP BY</c> clause, or null.</param>
/// <param name="Having">The <c>HAVING</c> condition, or null.</param>
/// <param name="Position">Where <c>SELECT</c> stands.</param>
public sealed record SqlSelect(
    bool Distinct,
    IReadOnlyList<SqlSelectItem> Items,
    SqlFrom? From,
    SqlExpr? Where,
    IReadOnlyList<SqlGroupingElement>? GroupBy,
    SqlExpr? Having,
    SqlPosition Position) : SqlSetExpr(Position);

/// <summary><c>left UNION ALL right</c>.</summary>
/// <param name="Left">The first input.</param>
/// <param name="Right">The second input.</param>
/// <param name="Position">Where <c>UNION</c> stands.</param>
public sealed record SqlUnionAll(SqlSetExpr Left, SqlSetExpr Right, SqlPosition Position) : SqlSetExpr(Position);

/// <summary>A parenthesized query used as a set operand, with its own ordering and limit.</summary>
/// <param name="Query">The query.</param>
/// <param name="Position">Where the parenthesis opens.</param>
public sealed record SqlNestedQuery(SqlQuery Query, SqlPosition Position) : SqlSetExpr(Position);

/// <summary>One item of a select list: an expression (or <see cref="SqlStar"/>) and its alias.</summary>
/// <param name="Expr">The expression.</param>
/// <param name="Alias">The <c>AS</c> name, or null.</param>
/// <param name="Position">Where the item starts.</param>
public sealed record SqlSelectItem(SqlExpr Expr, string? Alias, SqlPosition Position);

/// <summary>What a select reads.</summary>
/// <param name="Alias">The name the relation is known by in the query, or null.</param>
/// <param name="Position">Where it starts.</param>
public abstract record SqlFrom(string? Alias, SqlPosition Position);

/// <summary>A table: <c>[schema.]name [[AS] alias]</c>.</summary>
/// <param name="Schema">The schema (<c>druid</c>, <c>INFORMATION_SCHEMA</c>, <c>sys</c>), or null for the default.</param>
/// <param name="Name">The table name.</param>
/// <param name="Alias">The alias, or null.</param>
/// <param name="Position">Where the name starts.</param>
public sealed record SqlTableRef(string? Schema, string Name, string? Alias, SqlPosition Position) : SqlFrom(Alias, Position);

/// <summary>A subquery in <c>FROM</c>: <c>(query) [[AS] alias]</c>.</summary>
/// <param name="Query">The query.</param>
/// <param name="Alias">The alias, or null.</param>
/// <param name="Position">Where the parenthesis opens.</param>
public sealed record SqlSubqueryRef(SqlQuery Query, string? Alias, SqlPosition Position) : SqlFrom(Alias, Position);

/// <summary>One element of a <c>GROUP BY</c> clause.</summary>
/// <param name="Position">Where it starts.</param>
public abstract record SqlGroupingElement(SqlPosition Position);

/// <summary>A plain grouping expression.</summary>
/// <param name="Expr">The expression.</param>
public sealed record SqlGroupingExpr(SqlExpr Expr) : SqlGroupingElement(Expr.Position);

/// <summary><c>ROLLUP(a, b, …)</c>: the sets (a, b, …), …, (a), ().</summary>
/// <param name="Exprs">The expressions.</param>
/// <param name="Position">Where <c>ROLLUP</c> stands.</param>
public sealed record SqlRollup(IReadOnlyList<SqlExpr> Exprs, SqlPosition Position) : SqlGroupingElement(Position);

/// <summary><c>CUBE(a, b, …)</c>: every subset of the expressions.</summary>
/// <param name="Exprs">The expressions.</param>
/// <param name="Position">Where <c>CUBE</c> stands.</param>
public sealed record SqlCube(IReadOnlyList<SqlExpr> Exprs, SqlPosition Position) : SqlGroupingElement(Position);

/// <summary><c>GROUPING SETS ((a, b), (a), ())</c>: the sets given; a set may be empty.</summary>
/// <param name="Sets">The sets.</param>
/// <param name="Position">Where <c>GROUPING</c> stands.</param>
public sealed record SqlGroupingSets(IReadOnlyList<IReadOnlyList<SqlExpr>> Sets, SqlPosition Position) : SqlGroupingElement(Position);

/// <summary>One <c>ORDER BY</c> item.</summary>
/// <param name="Expr">The expression, a select-list alias, or an ordinal (a number literal from 1).</param>
/// <param name="Descending">Whether the order is descending.</param>
/// <param name="NullsFirst">Explicit <c>NULLS FIRST</c> (true) or <c>NULLS LAST</c> (false), or null for the default.</param>
/// <param name="Position">Where the item starts.</param>
public sealed record SqlOrderItem(SqlExpr Expr, bool Descending, bool? NullsFirst, SqlPosition Position);

/// <summary>A SQL expression.</summary>
/// <param name="Position">Where it starts.</param>
public abstract record SqlExpr(SqlPosition Position);

/// <summary><c>NULL</c>.</summary>
/// <param name="Position">Where it stands.</param>
public sealed record SqlNullLiteral(SqlPosition Position) : SqlExpr(Position);

/// <summary><c>TRUE</c> or <c>FALSE</c>.</summary>
/// <param name="Value">The value.</param>
/// <param name="Position">Where it stands.</param>
public sealed record SqlBooleanLiteral(bool Value, SqlPosition Position) : SqlExpr(Position);

/// <summary>A number literal, kept as written: <c>12</c>, <c>-3</c>, <c>1.5</c>, <c>2e3</c>.</summary>
/// <param name="Text">The literal's text.</param>
/// <param name="IsExact">Whether it has neither a decimal point nor an exponent (an exact integer).</param>
/// <param name="Position">Where it stands.</param>
public sealed record SqlNumberLiteral(string Text, bool IsExact, SqlPosition Position) : SqlExpr(Position);

/// <summary>A character string literal, <c>'it''s'</c> read as <c>it's</c>.</summary>
/// <param name="Value">The value.</param>
/// <param name="Position">Where it stands.</param>
public sealed record SqlStringLiteral(string Value, SqlPosition Position) : SqlExpr(Position);

/// <summary>A typed literal: <c>TIMESTAMP '2013-08-31 01:02:33'</c> or <c>DATE '2013-08-31'</c>.</summary>
/// <param name="Type">The type (<see cref="SqlTypeName.Timestamp"/> or <see cref="SqlTypeName.Date"/>).</param>
/// <param name="Text">The quoted text.</param>
/// <param name="Position">Where the type name stands.</param>
public sealed record SqlTypedLiteral(SqlTypeName Type, string Text, SqlPosition Position) : SqlExpr(Position);

/// <summary>An interval literal: <c>INTERVAL '1' DAY</c>, <c>INTERVAL '-3' HOUR</c>.</summary>
/// <param name="Text">The quoted amount.</param>
/// <param name="Unit">The unit.</param>
/// <param name="Position">Where <c>INTERVAL</c> stands.</param>
public sealed record SqlIntervalLiteral(string Text, SqlTimeUnit Unit, SqlPosition Position) : SqlExpr(Position);

/// <summary>A time unit given as a function argument: <c>TIMESTAMPADD(DAY, …)</c>, <c>FLOOR(x TO HOUR)</c>, <c>EXTRACT(YEAR FROM x)</c>.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Position">Where it stands.</param>
public sealed record SqlTimeUnitArg(SqlTimeUnit Unit, SqlPosition Position) : SqlExpr(Position);

/// <summary>A column reference: <c>name</c> or <c>qualifier.name</c>; quoted parts keep their case.</summary>
/// <param name="Parts">The parts, one or two.</param>
/// <param name="Position">Where it starts.</param>
public sealed record SqlIdentifier(IReadOnlyList<string> Parts, SqlPosition Position) : SqlExpr(Position)
{
    /// <summary>The last part: the column name.</summary>
    public string Name => Parts[^1];

    /// <inheritdoc />
    public override string ToString() => string.Join('.', Parts);
}

/// <summary><c>*</c> or <c>qualifier.*</c> in a select list.</summary>
/// <param name="Qualifier">The qualifier, or null.</param>
/// <param name="Position">Where it stands.</param>
public sealed record SqlStar(string? Qualifier, SqlPosition Position) : SqlExpr(Position);

/// <summary>A dynamic parameter <c>?</c>.</summary>
/// <param name="Index">Its index among the statement's parameters, from 0 in text order.</param>
/// <param name="Position">Where it stands.</param>
public sealed record SqlParameter(int Index, SqlPosition Position) : SqlExpr(Position);

/// <summary>The unary operators.</summary>
public enum SqlUnaryOperator
{
    /// <summary><c>-x</c>.</summary>
    Negate,

    /// <summary><c>NOT x</c>.</summary>
    Not,
}

/// <summary>A unary operation.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Operand">The operand.</param>
/// <param name="Position">Where the operator stands.</param>
public sealed record SqlUnary(SqlUnaryOperator Operator, SqlExpr Operand, SqlPosition Position) : SqlExpr(Position);

/// <summary>The binary operators.</summary>
public enum SqlBinaryOperator
{
    /// <summary><c>+</c>.</summary>
    Add,

    /// <summary><c>-</c>.</summary>
    Subtract,

    /// <summary><c>*</c>.</summary>
    Multiply,

    /// <summary><c>/</c>.</summary>
    Divide,

    /// <summary><c>%</c>.</summary>
    Modulo,

    /// <summary><c>||</c>.</summary>
    Concat,

    /// <summary><c>=</c>.</summary>
    Equal,

    /// <summary><c>&lt;&gt;</c> or <c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,

    /// <summary><c>AND</c>.</summary>
    And,

    /// <summary><c>OR</c>.</summary>
    Or,
}

/// <summary>A binary operation.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
/// <param name="Position">Where the operator stands.</param>
public sealed record SqlBinary(SqlBinaryOperator Operator, SqlExpr Left, SqlExpr Right, SqlPosition Position) : SqlExpr(Position);

/// <summary>
/// A function call, aggregate or scalar: <c>NAME([DISTINCT] args) [FILTER (WHERE cond)]</c>. Special syntax is read
/// into plain calls: <c>COUNT(*)</c> has <see cref="Star"/>; <c>FLOOR(x TO unit)</c> and <c>CEIL(x TO unit)</c> become
/// <c>FLOOR(x, unit)</c>; <c>EXTRACT(unit FROM x)</c> becomes <c>EXTRACT(unit, x)</c>; <c>SUBSTRING(x FROM a FOR b)</c>
/// becomes <c>SUBSTRING(x, a, b)</c>; <c>POSITION(a IN b)</c> becomes <c>POSITION(a, b)</c>;
/// <c>TRIM([BOTH|LEADING|TRAILING] [chars] FROM x)</c> becomes <c>TRIM(x)</c>, <c>BTRIM(x, chars)</c>, <c>LTRIM(x, chars)</c>
/// or <c>RTRIM(x, chars)</c>; <c>CURRENT_TIMESTAMP</c> and <c>CURRENT_DATE</c> are calls without arguments. Units
/// are <see cref="SqlTimeUnitArg"/> arguments.
/// </summary>
/// <param name="Name">The function name, upper case.</param>
/// <param name="Args">The arguments.</param>
/// <param name="Distinct">Whether <c>DISTINCT</c> precedes the arguments.</param>
/// <param name="Star">Whether the argument list is <c>*</c>.</param>
/// <param name="Filter">The <c>FILTER (WHERE …)</c> condition, or null.</param>
/// <param name="Position">Where the name stands.</param>
public sealed record SqlFunctionCall(string Name, IReadOnlyList<SqlExpr> Args, bool Distinct, bool Star, SqlExpr? Filter, SqlPosition Position)
    : SqlExpr(Position);

/// <summary>One <c>WHEN … THEN …</c> of a <see cref="SqlCase"/>.</summary>
/// <param name="When">The condition (or the value compared with the operand).</param>
/// <param name="Then">The result.</param>
public sealed record SqlWhen(SqlExpr When, SqlExpr Then);

/// <summary><c>CASE [operand] WHEN … THEN … [ELSE …] END</c>.</summary>
/// <param name="Operand">The operand of a simple case, or null for a searched case.</param>
/// <param name="Whens">The branches.</param>
/// <param name="Else">The <c>ELSE</c> result, or null.</param>
/// <param name="Position">Where <c>CASE</c> stands.</param>
public sealed record SqlCase(SqlExpr? Operand, IReadOnlyList<SqlWhen> Whens, SqlExpr? Else, SqlPosition Position) : SqlExpr(Position);

/// <summary><c>CAST(x AS type)</c>.</summary>
/// <param name="Operand">The value.</param>
/// <param name="Type">The target type.</param>
/// <param name="Position">Where <c>CAST</c> stands.</param>
public sealed record SqlCast(SqlExpr Operand, SqlTypeName Type, SqlPosition Position) : SqlExpr(Position);

/// <summary><c>x [NOT] IN (a, b, …)</c>.</summary>
/// <param name="Operand">The value tested.</param>
/// <param name="Values">The list.</param>
/// <param name="Negated">Whether it is <c>NOT IN</c>.</param>
/// <param name="Position">Where the operand starts.</param>
public sealed record SqlIn(SqlExpr Operand, IReadOnlyList<SqlExpr> Values, bool Negated, SqlPosition Position) : SqlExpr(Position);

/// <summary><c>x [NOT] IN (subquery)</c>.</summary>
/// <param name="Operand">The value tested.</param>
/// <param name="Query">The subquery, of one column.</param>
/// <param name="Negated">Whether it is <c>NOT IN</c>.</param>
/// <param name="Position">Where the operand starts.</param>
public sealed record SqlInQuery(SqlExpr Operand, SqlQuery Query, bool Negated, SqlPosition Position) : SqlExpr(Position);

/// <summary><c>x [NOT] BETWEEN low AND high</c>.</summary>
/// <param name="Operand">The value tested.</param>
/// <param name="Low">The lower bound, inclusive.</param>
/// <param name="High">The upper bound, inclusive.</param>
/// <param name="Negated">Whether it is <c>NOT BETWEEN</c>.</param>
/// <param name="Position">Where the operand starts.</param>
public sealed record SqlBetween(SqlExpr Operand, SqlExpr Low, SqlExpr High, bool Negated, SqlPosition Position) : SqlExpr(Position);

/// <summary><c>x [NOT] LIKE pattern [ESCAPE e]</c>.</summary>
/// <param name="Operand">The value tested.</param>
/// <param name="Pattern">The pattern (<c>%</c> any run, <c>_</c> one character).</param>
/// <param name="Escape">The escape character expression, or null.</param>
/// <param name="Negated">Whether it is <c>NOT LIKE</c>.</param>
/// <param name="Position">Where the operand starts.</param>
public sealed record SqlLike(SqlExpr Operand, SqlExpr Pattern, SqlExpr? Escape, bool Negated, SqlPosition Position) : SqlExpr(Position);

/// <summary><c>x IS [NOT] NULL</c>.</summary>
/// <param name="Operand">The value tested.</param>
/// <param name="Negated">Whether it is <c>IS NOT NULL</c>.</param>
/// <param name="Position">Where the operand starts.</param>
public sealed record SqlIsNull(SqlExpr Operand, bool Negated, SqlPosition Position) : SqlExpr(Position);

/// <summary><c>x IS [NOT] TRUE</c> or <c>x IS [NOT] FALSE</c>.</summary>
/// <param name="Operand">The value tested.</param>
/// <param name="Value">TRUE or FALSE.</param>
/// <param name="Negated">Whether <c>NOT</c> is present.</param>
/// <param name="Position">Where the operand starts.</param>
public sealed record SqlIsBoolean(SqlExpr Operand, bool Value, bool Negated, SqlPosition Position) : SqlExpr(Position);

/// <summary><c>[NOT] EXISTS (subquery)</c> is not supported; scalar subqueries are: <c>(SELECT …)</c> as a value.</summary>
/// <param name="Query">The subquery, of one column and at most one row.</param>
/// <param name="Position">Where the parenthesis opens.</param>
public sealed record SqlScalarSubquery(SqlQuery Query, SqlPosition Position) : SqlExpr(Position);

/// <summary>Type names of <c>CAST</c> and typed literals.</summary>
public enum SqlTypeName
{
    /// <summary><c>VARCHAR</c>, <c>CHAR</c>, <c>CHARACTER</c>, <c>STRING</c> (with any length).</summary>
    Varchar,

    /// <summary><c>BIGINT</c>.</summary>
    Bigint,

    /// <summary><c>INTEGER</c> or <c>INT</c>.</summary>
    Integer,

    /// <summary><c>SMALLINT</c>.</summary>
    Smallint,

    /// <summary><c>TINYINT</c>.</summary>
    Tinyint,

    /// <summary><c>DOUBLE</c> or <c>DOUBLE PRECISION</c>.</summary>
    Double,

    /// <summary><c>FLOAT</c>.</summary>
    Float,

    /// <summary><c>REAL</c>.</summary>
    Real,

    /// <summary><c>DECIMAL</c> or <c>NUMERIC</c> (with any precision and scale).</summary>
    Decimal,

    /// <summary><c>BOOLEAN</c>.</summary>
    Boolean,

    /// <summary><c>TIMESTAMP</c>.</summary>
    Timestamp,

    /// <summary><c>DATE</c>.</summary>
    Date,
}

/// <summary>Time units of intervals, <c>EXTRACT</c>, <c>FLOOR … TO</c>, <c>TIMESTAMPADD</c> and <c>TIMESTAMPDIFF</c>.</summary>
public enum SqlTimeUnit
{
    /// <summary><c>MILLISECOND</c>.</summary>
    Millisecond,

    /// <summary><c>SECOND</c>.</summary>
    Second,

    /// <summary><c>MINUTE</c>.</summary>
    Minute,

    /// <summary><c>HOUR</c>.</summary>
    Hour,

    /// <summary><c>DAY</c>.</summary>
    Day,

    /// <summary><c>WEEK</c>.</summary>
    Week,

    /// <summary><c>MONTH</c>.</summary>
    Month,

    /// <summary><c>QUARTER</c>.</summary>
    Quarter,

    /// <summary><c>YEAR</c>.</summary>
    Year,

    /// <summary><c>EPOCH</c> (seconds since 1970, for <c>EXTRACT</c>).</summary>
    Epoch,

    /// <summary><c>DOW</c>: day of week, Monday 1 to Sunday 7 (as Druid's <c>EXTRACT</c>).</summary>
    DayOfWeek,

    /// <summary><c>ISODOW</c>: ISO day of week, Monday 1 to Sunday 7.</summary>
    IsoDayOfWeek,

    /// <summary><c>DOY</c>: day of year, from 1.</summary>
    DayOfYear,

    /// <summary><c>ISOYEAR</c>: the ISO week-based year.</summary>
    IsoYear,

    /// <summary><c>DECADE</c>.</summary>
    Decade,

    /// <summary><c>CENTURY</c>.</summary>
    Century,

    /// <summary><c>MILLENNIUM</c>.</summary>
    Millennium,
}
