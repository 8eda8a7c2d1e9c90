using Realtime.Core.Sql;
using Realtime.Core.Sql.Parsing;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Tests.Sql.Parsing;

public class SqlParserTests
{
    static string Tree(string sql) => SqlTreePrinter.Print(SqlParser.Parse(sql));

    static string ExprTree(string expr) => SqlTreePrinter.Print(SelectedExpr(expr));

    static SqlExpr SelectedExpr(string expr) =>
        ((SqlSelect)SqlParser.Parse("SELECT " + expr).Query.Body).Items[0].Expr;

    static SqlPlanningException Fails(string sql)
    {
        var e = Assert.Throws<SqlPlanningException>(() => SqlParser.Parse(sql))!;
        Assert.That(e.ErrorCode, Is.EqualTo(SqlPlanningException.ParseFailed));
        return e;
    }

    // Statements and queries.

    [Test]
    public void ParsesSelectOne() =>
        Assert.That(Tree("SELECT 1"), Is.EqualTo("SELECT 1"));

    [Test]
    public void ParsesAllClausesOfASelect() =>
        Assert.That(
            Tree("select distinct a, b AS c, d e from druid.wikipedia w where x = 1 group by a having count(*) > 2 " +
                 "order by a desc nulls last, 2 asc limit 10 offset 5"),
            Is.EqualTo("SELECT DISTINCT [a], [b] AS c, [d] AS e FROM druid.wikipedia AS w WHERE (Equal [x] 1) " +
                       "GROUP BY [a] HAVING (Greater COUNT(*) 2) ORDER BY [a] DESC NULLS LAST, 2 LIMIT 10 OFFSET 5"));

    [Test]
    public void ReadsSelectAllAsNotDistinct() =>
        Assert.That(Tree("SELECT ALL a FROM t"), Is.EqualTo("SELECT [a] FROM t"));

    [Test]
    public void ReadsExplainPlanForAndOneTrailingSemicolon()
    {
        var statement = SqlParser.Parse("explain plan for SELECT * FROM t;");

        Assert.That(statement.Explain, Is.True);
        Assert.That(SqlTreePrinter.Print(statement), Is.EqualTo("EXPLAIN SELECT * FROM t"));
        Assert.That(SqlParser.Parse("SELECT 1").Explain, Is.False);
    }

    [Test]
    public void ReadsStarsAndQualifiedStars() =>
        Assert.That(Tree("SELECT *, t.*, \"T\".* FROM t"), Is.EqualTo("SELECT *, [t].*, [T].* FROM t"));

    [Test]
    public void ReadsQuotedAndSchemaQualifiedTables()
    {
        var from = (SqlTableRef)((SqlSelect)SqlParser.Parse("SELECT * FROM \"INFORMATION_SCHEMA\".\"TABLES\" AS t").Query.Body).From!;

        Assert.That(from.Schema, Is.EqualTo("INFORMATION_SCHEMA"));
        Assert.That(from.Name, Is.EqualTo("TABLES"));
        Assert.That(from.Alias, Is.EqualTo("t"));
    }

    [Test]
    public void ReadsSubqueriesInFrom() =>
        Assert.That(
            Tree("SELECT x FROM (SELECT a AS x FROM (SELECT a FROM t) inner_q WHERE a > 1) AS outer_q"),
            Is.EqualTo("SELECT [x] FROM {SELECT [a] AS x FROM {SELECT [a] FROM t} AS inner_q WHERE (Greater [a] 1)} AS outer_q"));

    [Test]
    public void ReadsWithClauses()
    {
        var query = SqlParser.Parse("WITH a (x, y) AS (SELECT 1, 2), b AS (SELECT x FROM a) SELECT * FROM b").Query;

        Assert.That(SqlTreePrinter.Print(query),
            Is.EqualTo("WITH a(x, y) AS {SELECT 1, 2}, b AS {SELECT [x] FROM a} SELECT * FROM b"));
        Assert.That(query.With[1].Columns, Is.Null);
        Assert.That(query.With[1].Position, Is.EqualTo(new SqlPosition(1, 33)));
        Assert.That(query.Position, Is.EqualTo(new SqlPosition(1, 1)));
    }

    [Test]
    public void ReadsUnionAllLeftAssociative()
    {
        var body = SqlParser.Parse("SELECT 1 UNION ALL SELECT 2 UNION ALL (SELECT 3 ORDER BY 1 LIMIT 1) ORDER BY 1").Query;

        Assert.That(SqlTreePrinter.Print(body),
            Is.EqualTo("[[SELECT 1] UNION ALL [SELECT 2]] UNION ALL [{SELECT 3 ORDER BY 1 LIMIT 1}] ORDER BY 1"));
        Assert.That(body.Body.Position, Is.EqualTo(new SqlPosition(1, 29)));
        Assert.That(((SqlUnionAll)body.Body).Left.Position, Is.EqualTo(new SqlPosition(1, 10)));
        Assert.That(body.Position, Is.EqualTo(new SqlPosition(1, 1)));
    }

    [Test]
    public void ReadsAParenthesizedQueryAsABody() =>
        Assert.That(Tree("(SELECT a FROM t) LIMIT 3"), Is.EqualTo("{SELECT [a] FROM t} LIMIT 3"));

    [Test]
    public void ReadsFetchAndOffsetRows()
    {
        Assert.That(Tree("SELECT a FROM t FETCH FIRST 5 ROWS ONLY"), Is.EqualTo("SELECT [a] FROM t LIMIT 5"));
        Assert.That(Tree("SELECT a FROM t OFFSET 2 ROWS FETCH NEXT 1 ROW ONLY"), Is.EqualTo("SELECT [a] FROM t LIMIT 1 OFFSET 2"));
        Assert.That(Tree("SELECT a FROM t OFFSET 2"), Is.EqualTo("SELECT [a] FROM t OFFSET 2"));
        Assert.That(Tree("SELECT a FROM t LIMIT ?"), Is.EqualTo("SELECT [a] FROM t LIMIT ?0"));
    }

    [Test]
    public void ReadsGroupingElements() =>
        Assert.That(
            Tree("SELECT a, b, SUM(c) FROM t GROUP BY GROUPING SETS ((a, b), a, (), (b)), ROLLUP(a, b), CUBE(b), (), a + 1"),
            Is.EqualTo("SELECT [a], [b], SUM([c]) FROM t GROUP BY GROUPING SETS(([a], [b]), ([a]), (), ([b])), " +
                       "ROLLUP([a], [b]), CUBE([b]), GROUPING SETS(()), (Add [a] 1)"));

    [Test]
    public void ReadsAParenthesizedExpressionInGroupingSets() =>
        Assert.That(Tree("SELECT 1 FROM t GROUP BY GROUPING SETS ((a + 1) * 2, (a))"),
            Is.EqualTo("SELECT 1 FROM t GROUP BY GROUPING SETS(((Multiply (Add [a] 1) 2)), ([a]))"));

    [Test]
    public void ReadsRollupAndCubeAsColumnsWithoutParentheses() =>
        Assert.That(Tree("SELECT rollup, cube, grouping FROM t GROUP BY rollup"),
            Is.EqualTo("SELECT [rollup], [cube], [grouping] FROM t GROUP BY [rollup]"));

    // Identifiers.

    [Test]
    public void KeepsUnquotedIdentifiersAsWritten() =>
        Assert.That(Tree("SELECT Page, __time, \"Weird \"\"Name\"\"\", $x FROM Wiki$1"),
            Is.EqualTo("SELECT [Page], [__time], [Weird \"Name\"], [$x] FROM Wiki$1"));

    [TestCase("user")]
    [TestCase("page")]
    [TestCase("language")]
    [TestCase("count")]
    [TestCase("time")]
    [TestCase("value")]
    [TestCase("added")]
    [TestCase("delta")]
    [TestCase("timestamp")]
    [TestCase("date")]
    [TestCase("day")]
    [TestCase("position")]
    [TestCase("left")]
    public void ReadsNonReservedWordsAsColumns(string name) =>
        Assert.That(Tree($"SELECT {name}, t.{name} FROM wikipedia t WHERE {name} = 'x' ORDER BY {name}"),
            Is.EqualTo($"SELECT [{name}], [t].[{name}] FROM wikipedia AS t WHERE (Equal [{name}] 'x') ORDER BY [{name}]"));

    [Test]
    public void ReadsNonReservedWordsAsAliasesAndTables() =>
        Assert.That(Tree("SELECT a AS user, b count FROM value AS day"),
            Is.EqualTo("SELECT [a] AS user, [b] AS count FROM value AS day"));

    [Test]
    public void RefusesReservedWordsAsIdentifiers()
    {
        var e = Fails("SELECT a AS select FROM t");

        Assert.That(e.Message, Does.StartWith("Encountered \"select\". Was expecting: an identifier"));
        Assert.That(e.Position, Is.EqualTo(new SqlPosition(1, 13)));
    }

    [Test]
    public void ReadsQuotedReservedWordsAsIdentifiers() =>
        Assert.That(Tree("SELECT \"select\" AS \"from\" FROM \"group\""), Is.EqualTo("SELECT [select] AS from FROM group"));

    // Literals and parameters.

    [Test]
    public void ReadsNumberLiterals()
    {
        Assert.That(ExprTree("12"), Is.EqualTo("12"));
        Assert.That(ExprTree("1.5"), Is.EqualTo("1.5~"));
        Assert.That(ExprTree(".5"), Is.EqualTo(".5~"));
        Assert.That(ExprTree("2e3"), Is.EqualTo("2e3~"));
        Assert.That(ExprTree("1.5E-3"), Is.EqualTo("1.5E-3~"));
    }

    [Test]
    public void FoldsAMinusSignIntoANumberLiteral()
    {
        var literal = (SqlNumberLiteral)SelectedExpr("- 3");

        Assert.That(literal.Text, Is.EqualTo("-3"));
        Assert.That(literal.IsExact, Is.True);
        Assert.That(literal.Position, Is.EqualTo(new SqlPosition(1, 8)));
        Assert.That(ExprTree("-x"), Is.EqualTo("(- [x])"));
        Assert.That(ExprTree("- -3"), Is.EqualTo("(- -3)"));
        Assert.That(ExprTree("+3"), Is.EqualTo("3"));
        Assert.That(ExprTree("2 - -1.5"), Is.EqualTo("(Subtract 2 -1.5~)"));
        Assert.That(ExprTree("-2 * 3"), Is.EqualTo("(Multiply -2 3)"));
    }

    [Test]
    public void ReadsStringAndKeywordLiterals()
    {
        Assert.That(ExprTree("'it''s'"), Is.EqualTo("'it's'"));
        Assert.That(ExprTree("''"), Is.EqualTo("''"));
        Assert.That(ExprTree("TRUE"), Is.EqualTo("TRUE"));
        Assert.That(ExprTree("false"), Is.EqualTo("FALSE"));
        Assert.That(ExprTree("Null"), Is.EqualTo("NULL"));
    }

    [Test]
    public void ReadsTypedAndIntervalLiterals()
    {
        Assert.That(ExprTree("TIMESTAMP '2013-08-31 01:02:33'"), Is.EqualTo("Timestamp'2013-08-31 01:02:33'"));
        Assert.That(ExprTree("date '2013-08-31'"), Is.EqualTo("Date'2013-08-31'"));
        Assert.That(ExprTree("INTERVAL '1' DAY"), Is.EqualTo("INTERVAL'1'Day"));
        Assert.That(ExprTree("interval '-3' hour"), Is.EqualTo("INTERVAL'-3'Hour"));
        foreach (var unit in new[] { "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR" })
        {
            Assert.That(((SqlIntervalLiteral)SelectedExpr($"INTERVAL '2' {unit}")).Unit.ToString().ToUpperInvariant(),
                Is.EqualTo(unit));
        }
    }

    [Test]
    public void NumbersParametersInTextOrder()
    {
        var statement = SqlParser.Parse("""
            SELECT ? AS "?", '?' FROM t -- ? in a comment
            WHERE a = ? /* ? */ AND b IN (?, ?) LIMIT ?
            """);

        Assert.That(statement.ParameterCount, Is.EqualTo(5));
        Assert.That(SqlTreePrinter.Print(statement),
            Is.EqualTo("SELECT ?0 AS ?, '?' FROM t WHERE (And (Equal [a] ?1) (IN [b] [?2, ?3])) LIMIT ?4"));
        Assert.That(SqlParser.Parse("SELECT 1").ParameterCount, Is.Zero);
    }

    // Expressions.

    [Test]
    public void AppliesOperatorPrecedence()
    {
        Assert.That(ExprTree("a OR b AND NOT c = d"), Is.EqualTo("(Or [a] (And [b] (NOT (Equal [c] [d]))))"));
        Assert.That(ExprTree("a + b * c - d / e % f || g"),
            Is.EqualTo("(Concat (Subtract (Add [a] (Multiply [b] [c])) (Modulo (Divide [d] [e]) [f])) [g])"));
        Assert.That(ExprTree("(a + b) * c"), Is.EqualTo("(Multiply (Add [a] [b]) [c])"));
        Assert.That(ExprTree("a - b - c"), Is.EqualTo("(Subtract (Subtract [a] [b]) [c])"));
        Assert.That(ExprTree("NOT NOT a"), Is.EqualTo("(NOT (NOT [a]))"));
        Assert.That(ExprTree("a + 1 > b AND c <= 2 OR d <> e AND f != g"),
            Is.EqualTo("(Or (And (Greater (Add [a] 1) [b]) (LessOrEqual [c] 2)) (And (NotEqual [d] [e]) (NotEqual [f] [g])))"));
        Assert.That(ExprTree("a < b"), Is.EqualTo("(Less [a] [b])"));
        Assert.That(ExprTree("a >= b"), Is.EqualTo("(GreaterOrEqual [a] [b])"));
    }

    [Test]
    public void ReadsPredicates()
    {
        Assert.That(ExprTree("a IS NULL"), Is.EqualTo("(IS NULL [a])"));
        Assert.That(ExprTree("a + 1 IS NOT NULL"), Is.EqualTo("(IS NOT NULL (Add [a] 1))"));
        Assert.That(ExprTree("a IS TRUE"), Is.EqualTo("(IS TRUE [a])"));
        Assert.That(ExprTree("a IS NOT FALSE"), Is.EqualTo("(IS NOT FALSE [a])"));
        Assert.That(ExprTree("a LIKE 'x%'"), Is.EqualTo("(LIKE [a] 'x%')"));
        Assert.That(ExprTree("a NOT LIKE 'x!%' ESCAPE '!'"), Is.EqualTo("(NOT LIKE [a] 'x!%' ESCAPE '!')"));
        Assert.That(ExprTree("a IN (1, 2, 'x')"), Is.EqualTo("(IN [a] [1, 2, 'x'])"));
        Assert.That(ExprTree("a NOT IN (1)"), Is.EqualTo("(NOT IN [a] [1])"));
        Assert.That(ExprTree("a IN (SELECT b FROM t)"), Is.EqualTo("(IN [a] {SELECT [b] FROM t})"));
        Assert.That(ExprTree("a NOT IN (WITH w AS (SELECT 1) SELECT * FROM w)"),
            Is.EqualTo("(NOT IN [a] {WITH w AS {SELECT 1} SELECT * FROM w})"));
        Assert.That(ExprTree("a BETWEEN 1 AND 2 AND b"), Is.EqualTo("(And (BETWEEN [a] 1 2) [b])"));
        Assert.That(ExprTree("a NOT BETWEEN b + 1 AND c * 2"), Is.EqualTo("(NOT BETWEEN [a] (Add [b] 1) (Multiply [c] 2))"));
        Assert.That(ExprTree("NOT a IN (1)"), Is.EqualTo("(NOT (IN [a] [1]))"));
    }

    [Test]
    public void PlacesPredicatesAtTheirOperandAndOperatorsAtThemselves()
    {
        var like = (SqlLike)SelectedExpr("a + b LIKE 'x'");
        var binary = (SqlBinary)like.Operand;

        Assert.That(like.Position, Is.EqualTo(new SqlPosition(1, 8)));
        Assert.That(binary.Position, Is.EqualTo(new SqlPosition(1, 10)));
        Assert.That(((SqlUnary)SelectedExpr("NOT x")).Position, Is.EqualTo(new SqlPosition(1, 8)));
    }

    [Test]
    public void ReadsFunctionCalls()
    {
        Assert.That(ExprTree("count(*)"), Is.EqualTo("COUNT(*)"));
        Assert.That(ExprTree("Count(DISTINCT user)"), Is.EqualTo("COUNT(DISTINCT [user])"));
        Assert.That(ExprTree("now()"), Is.EqualTo("NOW()"));
        Assert.That(ExprTree("DATE_TRUNC('day', __time)"), Is.EqualTo("DATE_TRUNC('day', [__time])"));
        Assert.That(ExprTree("SUM(added) FILTER (WHERE channel = '#en')"),
            Is.EqualTo("SUM([added]) FILTER((Equal [channel] '#en'))"));
        Assert.That(ExprTree("COALESCE(a, LOOKUP(b, 'lk'), 'none')"), Is.EqualTo("COALESCE([a], LOOKUP([b], 'lk'), 'none')"));
        Assert.That(ExprTree("left(a, 2)"), Is.EqualTo("LEFT([a], 2)"));
        Assert.That(((SqlFunctionCall)SelectedExpr("count(*)")).Star, Is.True);
    }

    [Test]
    public void ReadsSpecialFunctionSyntaxAsPlainCalls()
    {
        Assert.That(ExprTree("FLOOR(__time TO DAY)"), Is.EqualTo("FLOOR([__time], Day)"));
        Assert.That(ExprTree("floor(x)"), Is.EqualTo("FLOOR([x])"));
        Assert.That(ExprTree("CEIL(__time TO hour)"), Is.EqualTo("CEIL([__time], Hour)"));
        Assert.That(ExprTree("EXTRACT(YEAR FROM __time)"), Is.EqualTo("EXTRACT(Year, [__time])"));
        Assert.That(ExprTree("EXTRACT(DOW FROM __time)"), Is.EqualTo("EXTRACT(DayOfWeek, [__time])"));
        Assert.That(ExprTree("SUBSTRING(s FROM 2 FOR 3)"), Is.EqualTo("SUBSTRING([s], 2, 3)"));
        Assert.That(ExprTree("SUBSTRING(s FROM 2)"), Is.EqualTo("SUBSTRING([s], 2)"));
        Assert.That(ExprTree("SUBSTRING(s, 2, 3)"), Is.EqualTo("SUBSTRING([s], 2, 3)"));
        Assert.That(ExprTree("POSITION('a' IN s)"), Is.EqualTo("POSITION('a', [s])"));
        Assert.That(ExprTree("POSITION('a' IN s FROM 2)"), Is.EqualTo("POSITION('a', [s], 2)"));
        Assert.That(ExprTree("TRIM(s)"), Is.EqualTo("TRIM([s])"));
        Assert.That(ExprTree("TRIM(BOTH 'x' FROM s)"), Is.EqualTo("BTRIM([s], 'x')"));
        Assert.That(ExprTree("TRIM('x' FROM s)"), Is.EqualTo("BTRIM([s], 'x')"));
        Assert.That(ExprTree("TRIM(LEADING 'x' FROM s)"), Is.EqualTo("LTRIM([s], 'x')"));
        Assert.That(ExprTree("TRIM(TRAILING FROM s)"), Is.EqualTo("RTRIM([s])"));
        Assert.That(ExprTree("TRIM(BOTH FROM s)"), Is.EqualTo("TRIM([s])"));
        Assert.That(ExprTree("TIMESTAMPADD(DAY, -1, __time)"), Is.EqualTo("TIMESTAMPADD(Day, -1, [__time])"));
        Assert.That(ExprTree("TIMESTAMPDIFF(SQL_TSI_HOUR, a, b)"), Is.EqualTo("TIMESTAMPDIFF(Hour, [a], [b])"));
        Assert.That(ExprTree("CURRENT_TIMESTAMP"), Is.EqualTo("CURRENT_TIMESTAMP()"));
        Assert.That(ExprTree("current_date"), Is.EqualTo("CURRENT_DATE()"));
    }

    [Test]
    public void ReadsEveryTimeUnit()
    {
        var units = new Dictionary<string, SqlTimeUnit>
        {
            ["MILLISECOND"] = SqlTimeUnit.Millisecond, ["SECOND"] = SqlTimeUnit.Second, ["MINUTE"] = SqlTimeUnit.Minute,
            ["HOUR"] = SqlTimeUnit.Hour, ["DAY"] = SqlTimeUnit.Day, ["WEEK"] = SqlTimeUnit.Week,
            ["MONTH"] = SqlTimeUnit.Month, ["QUARTER"] = SqlTimeUnit.Quarter, ["YEAR"] = SqlTimeUnit.Year,
            ["EPOCH"] = SqlTimeUnit.Epoch, ["DOW"] = SqlTimeUnit.DayOfWeek, ["ISODOW"] = SqlTimeUnit.IsoDayOfWeek,
            ["DOY"] = SqlTimeUnit.DayOfYear, ["ISOYEAR"] = SqlTimeUnit.IsoYear, ["DECADE"] = SqlTimeUnit.Decade,
            ["CENTURY"] = SqlTimeUnit.Century, ["MILLENNIUM"] = SqlTimeUnit.Millennium, ["SQL_TSI_MONTH"] = SqlTimeUnit.Month,
        };

        foreach (var (word, unit) in units)
        {
            var call = (SqlFunctionCall)SelectedExpr($"EXTRACT({word.ToLowerInvariant()} FROM __time)");
            Assert.That(((SqlTimeUnitArg)call.Args[0]).Unit, Is.EqualTo(unit), word);
        }
    }

    [Test]
    public void ReadsCaseExpressions()
    {
        Assert.That(ExprTree("CASE WHEN a > 1 THEN 'big' WHEN a IS NULL THEN NULL ELSE 'small' END"),
            Is.EqualTo("(CASE WHEN (Greater [a] 1) THEN 'big' WHEN (IS NULL [a]) THEN NULL ELSE 'small')"));
        Assert.That(ExprTree("CASE channel WHEN '#en' THEN 1 END"), Is.EqualTo("(CASE [channel] WHEN '#en' THEN 1)"));
    }

    [Test]
    public void ReadsCasts()
    {
        var types = new Dictionary<string, SqlTypeName>
        {
            ["VARCHAR"] = SqlTypeName.Varchar, ["VARCHAR(20)"] = SqlTypeName.Varchar, ["CHAR(3)"] = SqlTypeName.Varchar,
            ["CHARACTER VARYING(8)"] = SqlTypeName.Varchar, ["STRING"] = SqlTypeName.Varchar, ["BIGINT"] = SqlTypeName.Bigint,
            ["INTEGER"] = SqlTypeName.Integer, ["INT"] = SqlTypeName.Integer, ["SMALLINT"] = SqlTypeName.Smallint,
            ["TINYINT"] = SqlTypeName.Tinyint, ["DOUBLE"] = SqlTypeName.Double, ["DOUBLE PRECISION"] = SqlTypeName.Double,
            ["FLOAT"] = SqlTypeName.Float, ["REAL"] = SqlTypeName.Real, ["DECIMAL(10, 2)"] = SqlTypeName.Decimal,
            ["NUMERIC"] = SqlTypeName.Decimal, ["BOOLEAN"] = SqlTypeName.Boolean, ["TIMESTAMP"] = SqlTypeName.Timestamp,
            ["timestamp(3)"] = SqlTypeName.Timestamp, ["DATE"] = SqlTypeName.Date,
        };

        foreach (var (text, type) in types)
        {
            var cast = (SqlCast)SelectedExpr($"CAST(x AS {text})");
            Assert.That(cast.Type, Is.EqualTo(type), text);
            Assert.That(cast.Position, Is.EqualTo(new SqlPosition(1, 8)));
        }
    }

    [Test]
    public void ReadsScalarSubqueries()
    {
        Assert.That(ExprTree("(SELECT MAX(a) FROM t) + 1"), Is.EqualTo("(Add {SELECT MAX([a]) FROM t} 1)"));
        Assert.That(Tree("SELECT a FROM t WHERE a = (SELECT MAX(a) FROM (SELECT a FROM t))"),
            Is.EqualTo("SELECT [a] FROM t WHERE (Equal [a] {SELECT MAX([a]) FROM {SELECT [a] FROM t}})"));
        Assert.That(SelectedExpr("(SELECT 1)").Position, Is.EqualTo(new SqlPosition(1, 8)));
    }

    // Comments and positions.

    [Test]
    public void SkipsComments() =>
        Assert.That(Tree("/* lead */ SELECT a -- the column\n, b /* multi\nline */ FROM t --end"),
            Is.EqualTo("SELECT [a], [b] FROM t"));

    [Test]
    public void PlacesNodesAtTheirFirstTokenAcrossLines()
    {
        var query = SqlParser.Parse("SELECT\n  a + b AS s,\n\tcount(*)\nFROM  t\nWHERE x IN (1)\nORDER BY s").Query;
        var select = (SqlSelect)query.Body;

        Assert.That(select.Position, Is.EqualTo(new SqlPosition(1, 1)));
        Assert.That(select.Items[0].Position, Is.EqualTo(new SqlPosition(2, 3)));
        Assert.That(select.Items[0].Expr.Position, Is.EqualTo(new SqlPosition(2, 5)));
        Assert.That(select.Items[1].Position, Is.EqualTo(new SqlPosition(3, 2)));
        Assert.That(select.From!.Position, Is.EqualTo(new SqlPosition(4, 7)));
        Assert.That(select.Where!.Position, Is.EqualTo(new SqlPosition(5, 7)));
        Assert.That(((SqlIn)select.Where).Values[0].Position, Is.EqualTo(new SqlPosition(5, 13)));
        Assert.That(query.OrderBy[0].Position, Is.EqualTo(new SqlPosition(6, 10)));
    }

    // Queries from the Druid documentation and from BI tools.

    [Test]
    public void ReadsTheDruidTopChannelsExample() =>
        Assert.That(
            Tree("""
                SELECT FLOOR(__time TO DAY) AS "day", channel, SUM(added)
                FROM wikipedia
                WHERE "__time" >= TIMESTAMP '2015-09-12 00:00:00' AND "__time" < TIMESTAMP '2015-09-13 00:00:00'
                GROUP BY 1, 2
                ORDER BY 3 DESC
                LIMIT 10
                """),
            Is.EqualTo("SELECT FLOOR([__time], Day) AS day, [channel], SUM([added]) FROM wikipedia " +
                       "WHERE (And (GreaterOrEqual [__time] Timestamp'2015-09-12 00:00:00') (Less [__time] Timestamp'2015-09-13 00:00:00')) " +
                       "GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10"));

    [Test]
    public void ReadsSupersetIntrospection()
    {
        Assert.That(Tree("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA"),
            Is.EqualTo("SELECT [SCHEMA_NAME] FROM INFORMATION_SCHEMA.SCHEMATA"));
        Assert.That(Tree("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'druid'"),
            Is.EqualTo("SELECT [TABLE_NAME] FROM INFORMATION_SCHEMA.TABLES WHERE (Equal [TABLE_SCHEMA] 'druid')"));
        Assert.That(Tree("SELECT COUNT(*) > 0 AS exists_ FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'x'"),
            Is.EqualTo("SELECT (Greater COUNT(*) 0) AS exists_ FROM INFORMATION_SCHEMA.TABLES WHERE (Equal [TABLE_NAME] 'x')"));
        Assert.That(
            Tree("SELECT COLUMN_NAME, JDBC_TYPE, IS_NULLABLE, COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS " +
                 "WHERE TABLE_NAME = 'wikipedia' AND TABLE_SCHEMA = 'druid'"),
            Is.EqualTo("SELECT [COLUMN_NAME], [JDBC_TYPE], [IS_NULLABLE], [COLUMN_DEFAULT] FROM INFORMATION_SCHEMA.COLUMNS " +
                       "WHERE (And (Equal [TABLE_NAME] 'wikipedia') (Equal [TABLE_SCHEMA] 'druid'))"));
    }

    [Test]
    public void ReadsSupersetTimeGrains()
    {
        Assert.That(ExprTree("TIMESTAMPADD(DAY, -1, FLOOR(TIMESTAMPADD(DAY,1,col) TO WEEK))"),
            Is.EqualTo("TIMESTAMPADD(Day, -1, FLOOR(TIMESTAMPADD(Day, 1, [col]), Week))"));
        Assert.That(ExprTree("TIME_FLOOR(col, 'PT5M')"), Is.EqualTo("TIME_FLOOR([col], 'PT5M')"));
        Assert.That(ExprTree("CAST(TIME_PARSE('2019-01-01') AS DATE)"), Is.EqualTo("CAST(TIME_PARSE('2019-01-01') AS Date)"));
        Assert.That(Tree("SELECT FLOOR(__time TO QUARTER) AS __timestamp, COUNT(*) AS count FROM wikipedia " +
                         "GROUP BY FLOOR(__time TO QUARTER) LIMIT 10000"),
            Is.EqualTo("SELECT FLOOR([__time], Quarter) AS __timestamp, COUNT(*) AS count FROM wikipedia " +
                       "GROUP BY FLOOR([__time], Quarter) LIMIT 10000"));
    }

    [Test]
    public void ReadsCubeQueries()
    {
        Assert.That(
            Tree("""
                SELECT COLUMN_NAME as "column_name", TABLE_NAME as "table_name", TABLE_SCHEMA as "table_schema", DATA_TYPE as "data_type"
                FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'sys')
                """),
            Is.EqualTo("SELECT [COLUMN_NAME] AS column_name, [TABLE_NAME] AS table_name, [TABLE_SCHEMA] AS table_schema, " +
                       "[DATA_TYPE] AS data_type FROM INFORMATION_SCHEMA.COLUMNS " +
                       "WHERE (NOT IN [TABLE_SCHEMA] ['INFORMATION_SCHEMA', 'sys'])"));
        Assert.That(Tree("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ?"),
            Is.EqualTo("SELECT [TABLE_NAME] FROM INFORMATION_SCHEMA.TABLES WHERE (Equal [TABLE_SCHEMA] ?0)"));
        Assert.That(
            Tree("""
                SELECT CAST(TIME_FORMAT("wikipedia"."__time", 'yyyy-MM-dd HH:mm:ss', 'UTC') AS TIMESTAMP) "wikipedia__time_day",
                  DATE_TRUNC('day', "wikipedia"."__time") "d", count(*) "wikipedia__count"
                FROM "druid"."wikipedia" AS "wikipedia"
                WHERE LOWER("wikipedia"."page") LIKE CONCAT('%', LOWER(?), '%') ESCAPE '\'
                  AND "wikipedia"."__time" >= TIME_PARSE(?) AND "__time" >= CURRENT_TIMESTAMP - INTERVAL '1' DAY
                GROUP BY 1, 2 ORDER BY 1 ASC LIMIT 10000
                """),
            Is.EqualTo("SELECT CAST(TIME_FORMAT([wikipedia].[__time], 'yyyy-MM-dd HH:mm:ss', 'UTC') AS Timestamp) AS wikipedia__time_day, " +
                       "DATE_TRUNC('day', [wikipedia].[__time]) AS d, COUNT(*) AS wikipedia__count " +
                       "FROM druid.wikipedia AS wikipedia " +
                       "WHERE (And (And (LIKE LOWER([wikipedia].[page]) CONCAT('%', LOWER(?0), '%') ESCAPE '\\') " +
                       "(GreaterOrEqual [wikipedia].[__time] TIME_PARSE(?1))) " +
                       "(GreaterOrEqual [__time] (Subtract CURRENT_TIMESTAMP() INTERVAL'1'Day))) " +
                       "GROUP BY 1, 2 ORDER BY 1 LIMIT 10000"));
    }

    [Test]
    public void ReadsAggregationsOverASubqueryWithUnionAll() =>
        Assert.That(
            Tree("""
                SELECT channel, SUM(c) AS total FROM (
                  SELECT channel, COUNT(*) AS c FROM wikipedia WHERE isRobot = 'false' GROUP BY channel
                  UNION ALL
                  SELECT channel, COUNT(*) AS c FROM wikipedia WHERE isRobot = 'true' GROUP BY channel
                ) GROUP BY ROLLUP (channel) HAVING SUM(c) > 10 ORDER BY total DESC;
                """),
            Is.EqualTo("SELECT [channel], SUM([c]) AS total FROM {[SELECT [channel], COUNT(*) AS c FROM wikipedia " +
                       "WHERE (Equal [isRobot] 'false') GROUP BY [channel]] UNION ALL [SELECT [channel], COUNT(*) AS c " +
                       "FROM wikipedia WHERE (Equal [isRobot] 'true') GROUP BY [channel]]} GROUP BY ROLLUP([channel]) " +
                       "HAVING (Greater SUM([c]) 10) ORDER BY [total] DESC"));

    // Errors.

    [Test]
    public void NamesTheUnexpectedTokenAndWhatWasExpected()
    {
        var e = Fails("SELECT *\n  FORM wikipedia");

        Assert.That(e.Position, Is.EqualTo(new SqlPosition(2, 3)));
        Assert.That(e.Message, Does.StartWith("Encountered \"FORM\". Was expecting one of: "));
        Assert.That(e.Message, Does.Contain("\"FROM\"").And.Contain("\"WHERE\"").And.Contain("\",\"").And.Contain("end of input"));
        Assert.That(e.Message, Does.EndWith("(at line 2, column 3)"));
    }

    [Test]
    public void SaysAnExpressionWasExpected()
    {
        var e = Fails("SELECT a,\nFROM t");

        Assert.That(e.Position, Is.EqualTo(new SqlPosition(2, 1)));
        Assert.That(e.Message, Does.StartWith("Encountered \"FROM\". Was expecting one of: \"*\", an expression"));
    }

    [Test]
    public void ReportsTheEndOfInput()
    {
        var e = Fails("SELECT a FROM t WHERE a =\n  ");

        Assert.That(e.Message, Does.StartWith("Encountered end of input. Was expecting: an expression"));
        Assert.That(e.Position, Is.EqualTo(new SqlPosition(1, 26)));
    }

    [Test]
    public void ReportsAMissingClosingParenthesis()
    {
        var e = Fails("SELECT SUM(a FROM t");

        Assert.That(e.Position, Is.EqualTo(new SqlPosition(1, 14)));
        Assert.That(e.Message, Does.Contain("\")\""));
    }

    [TestCase("", 1, 1, "empty")]
    [TestCase("  -- only a comment\n", 1, 1, "empty")]
    [TestCase("SELECT 'abc", 1, 8, "Unterminated string literal")]
    [TestCase("SELECT \"abc", 1, 8, "Unterminated quoted identifier")]
    [TestCase("SELECT \"\" FROM t", 1, 8, "Empty quoted identifier")]
    [TestCase("SELECT 1 /* open", 1, 10, "Unterminated comment")]
    [TestCase("SELECT a\nFROM t WHERE a # 1", 2, 16, "Unexpected character '#'")]
    [TestCase("SELECT 1; SELECT 2", 1, 11, "Encountered \"SELECT\". Was expecting: end of input")]
    [TestCase("SELECT 1;;", 1, 10, "Encountered \";\"")]
    [TestCase("SELECT a FROM t JOIN u ON t.x = u.x", 1, 17, "Joins are not supported")]
    [TestCase("SELECT a FROM t LEFT JOIN u ON t.x = u.x", 1, 17, "Joins are not supported")]
    [TestCase("SELECT a FROM t AS x INNER JOIN u ON t.x = u.x", 1, 22, "Joins are not supported")]
    [TestCase("SELECT a FROM t, u", 1, 16, "Joins are not supported")]
    [TestCase("SELECT a FROM (SELECT 1) s CROSS JOIN u", 1, 28, "Joins are not supported")]
    [TestCase("SELECT 1 UNION SELECT 2", 1, 10, "Only UNION ALL is supported")]
    [TestCase("SELECT 1 UNION DISTINCT SELECT 2", 1, 10, "Only UNION ALL is supported")]
    [TestCase("SELECT 1 INTERSECT SELECT 2", 1, 10, "Only UNION ALL is supported")]
    [TestCase("SELECT 1\nEXCEPT SELECT 2", 2, 1, "Only UNION ALL is supported")]
    [TestCase("SELECT a FROM t LIMIT 5, 10", 1, 24, "LIMIT start, count is not supported")]
    [TestCase("SELECT a FROM t WHERE EXISTS (SELECT 1)", 1, 23, "EXISTS is not supported")]
    [TestCase("SELECT ROW_NUMBER() OVER (ORDER BY a) FROM t", 1, 21, "Window functions (OVER) are not supported")]
    [TestCase("SELECT CAST(a AS BLOB) FROM t", 1, 18, "Was expecting: a type name")]
    [TestCase("SELECT INTERVAL '1' FORTNIGHT", 1, 21, "an interval unit")]
    [TestCase("SELECT FLOOR(a TO EON)", 1, 19, "a time unit")]
    [TestCase("SELECT a NOT b", 1, 14, "Was expecting one of: \"LIKE\", \"IN\", \"BETWEEN\"")]
    [TestCase("SELECT CASE WHEN a THEN b", 1, 26, "Encountered end of input")]
    [TestCase("SELECT a FROM t ORDER BY", 1, 25, "an expression")]
    [TestCase("WITH AS (SELECT 1) SELECT 2", 1, 6, "an identifier")]
    [TestCase("SELECT a FROM a.b.c", 1, 18, "Encountered \".\"")]
    public void RefusesBadStatementsWithAPosition(string sql, int line, int column, string message)
    {
        var e = Fails(sql);

        Assert.That(e.Message, Does.Contain(message));
        Assert.That(e.Position, Is.EqualTo(new SqlPosition(line, column)));
    }

    // Nesting.

    [Test]
    public void ReadsTwoHundredNestedParentheses()
    {
        var sql = "SELECT " + new string('(', 200) + "1" + new string(')', 200) + " + 1";

        Assert.That(Tree(sql), Is.EqualTo("SELECT (Add 1 1)"));
    }

    [Test]
    public void ReadsDeeplyNestedSubqueries()
    {
        var sql = string.Concat(Enumerable.Repeat("SELECT * FROM (", 100)) + "SELECT 1" + new string(')', 100);

        Assert.That(SqlParser.Parse(sql).Query.Body, Is.InstanceOf<SqlSelect>());
    }

    [Test]
    public void ReadsLongFlatExpressions()
    {
        var sql = "SELECT " + string.Join(" + ", Enumerable.Repeat("a", 5000)) + " FROM t WHERE b IN (" +
                  string.Join(", ", Enumerable.Range(0, 5000)) + ")";

        Assert.That(SqlParser.Parse(sql).Query.Body, Is.InstanceOf<SqlSelect>());
    }

    [Test]
    public void RefusesPathologicalNestingCleanly()
    {
        var e = Fails("SELECT " + new string('(', 100_000) + "1" + new string(')', 100_000));

        Assert.That(e.Message, Does.Contain("too deeply"));
        Assert.That(e.Position!.Value.Line, Is.EqualTo(1));
    }

    [Test]
    public void ReadsDeepNestingOnASmallStack()
    {
        SqlStatement? parsed = null;
        var thread = new Thread(() => parsed = SqlParser.Parse("SELECT " + new string('(', 200) + "1" + new string(')', 200)), 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.That(parsed, Is.Not.Null);
        Assert.That(SqlTreePrinter.Print(parsed!), Is.EqualTo("SELECT 1"));
    }

    [Test]
    public void ReadsNestingUpToTheLimit()
    {
        var depth = SqlTokenParsers.MaxDepth - 1;

        Assert.That(Tree("SELECT " + new string('(', depth) + "1" + new string(')', depth)), Is.EqualTo("SELECT 1"));
        Assert.That(Tree(string.Concat(Enumerable.Repeat("SELECT * FROM (", depth)) + "SELECT 1" + new string(')', depth)),
            Does.StartWith("SELECT * FROM {SELECT * FROM {"));
    }

    [Test]
    public void RefusesNestingPastTheLimit()
    {
        var depth = SqlTokenParsers.MaxDepth + 1;
        var e = Fails("SELECT\n" + new string('(', depth) + "1" + new string(')', depth));

        Assert.That(e.Message, Does.StartWith("The statement nests expressions or queries too deeply (at most 1000 levels)"));
        Assert.That(e.Position, Is.EqualTo(new SqlPosition(2, 1001)));
    }

    [Test]
    public void ReadsLongSignAndNotChainsWithoutRecursion()
    {
        var negated = SelectedExpr(string.Concat(Enumerable.Repeat("- ", 10_000)) + "x");
        var nots = SelectedExpr(string.Concat(Enumerable.Repeat("NOT ", 10_000)) + "x");

        Assert.That(Depth(negated, SqlUnaryOperator.Negate), Is.EqualTo(10_000));
        Assert.That(Depth(nots, SqlUnaryOperator.Not), Is.EqualTo(10_000));
    }

    static int Depth(SqlExpr expr, SqlUnaryOperator op)
    {
        var depth = 0;
        for (; expr is SqlUnary unary && unary.Operator == op; expr = unary.Operand)
        {
            depth++;
        }

        return depth;
    }
}
