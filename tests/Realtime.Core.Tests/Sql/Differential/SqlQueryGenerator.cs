using System.Globalization;

namespace Realtime.Core.Tests.Sql.Differential;

/// <summary>A generated statement in Druid SQL and its SQLite translation; <see cref="Ordered"/> when its ORDER BY is total.</summary>
internal sealed record GeneratedSql(string Druid, string Sqlite, bool Ordered);

/// <summary>
/// Random SQL over the <see cref="SqlReferenceData"/> table in two dialects at once: every expression is built as a
/// Druid SQL text and the SQLite text that means the same (time as epoch milliseconds, <c>FLOOR(__time TO HOUR)</c>
/// as integer arithmetic, <c>CAST … AS DOUBLE</c> as <c>REAL</c>, …). Only constructs whose meaning both share are
/// generated: no division by a value that can be zero, no text cast of a double, no MIN/MAX of text.
/// </summary>
internal sealed class SqlQueryGenerator(Random random)
{
    private static readonly string[] TextColumns = ["country", "device", "os"];
    private static readonly string[] TextLiterals = ["US", "FR", "DE", "JP", "br", "M", "phone", "tablet", "desktop", "tab", "ios", "android", "Linux", "", "zz"];
    private static readonly string[] LikePatterns = ["U%", "%e%", "_R", "b%", "%o%", "D_", "%", "p%e", "%s", "_a%", "L%x"];
    private static readonly string[] Comparisons = ["=", "<>", "<", ">", "<=", ">="];

    private readonly Random _random = random;

    /// <summary>The next random statement.</summary>
    public GeneratedSql Next() => _random.Next(20) switch
    {
        < 6 => Scan(),
        < 15 => Aggregate(),
        < 17 => Distinct(),
        _ => Subquery(),
    };

    // ---- statements ----

    private GeneratedSql Scan()
    {
        var items = Enumerable.Range(0, 1 + _random.Next(4)).Select(_ => ScanItem()).ToList();
        var (selectD, selectS) = SelectList(items);
        var (whereD, whereS) = OptionalWhere();
        var ordered = false;
        string orderD = "", orderS = "";
        switch (_random.Next(4))
        {
            case 0:
                break;
            case 1:
                // Ordered by the first column only: not total, compared as a multiset.
                (orderD, orderS) = OrderBy([0]);
                break;
            default:
                (orderD, orderS) = OrderBy(Shuffle(Enumerable.Range(0, items.Count)));
                ordered = true;
                if (_random.Next(2) == 0)
                {
                    var limit = $" LIMIT {1 + _random.Next(40)}";
                    orderD += limit;
                    orderS += limit;
                }

                break;
        }

        return new GeneratedSql($"SELECT {selectD} FROM events{whereD}{orderD}", $"SELECT {selectS} FROM events{whereS}{orderS}", ordered);
    }

    private GeneratedSql Aggregate()
    {
        var keys = Enumerable.Range(0, _random.Next(3)).Select(_ => GroupKey()).DistinctBy(k => k.D).ToList();
        var aggregates = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => AggregateItem()).ToList();
        var items = keys.Concat(aggregates).ToList();
        var (selectD, selectS) = SelectList(items);
        var (whereD, whereS) = OptionalWhere();
        string groupD = "", groupS = "";
        if (keys.Count > 0)
        {
            if (_random.Next(3) == 0)
            {
                var ordinals = string.Join(", ", Enumerable.Range(1, keys.Count));
                groupD = groupS = $" GROUP BY {ordinals}";
            }
            else
            {
                groupD = $" GROUP BY {string.Join(", ", keys.Select(k => k.D))}";
                groupS = $" GROUP BY {string.Join(", ", keys.Select(k => k.S))}";
            }
        }

        string havingD = "", havingS = "";
        if (_random.Next(3) == 0)
        {
            var having = Having();
            havingD = $" HAVING {having.D}";
            havingS = $" HAVING {having.S}";
        }

        var (orderD, orderS, ordered) = GroupedOrder(keys.Count, items.Count);
        return new GeneratedSql(
            $"SELECT {selectD} FROM events{whereD}{groupD}{havingD}{orderD}",
            $"SELECT {selectS} FROM events{whereS}{groupS}{havingS}{orderS}",
            ordered);
    }

    private GeneratedSql Distinct()
    {
        var items = Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => _random.Next(3) == 0 ? LongExpr(1) : TextExpr(1)).ToList();
        var (selectD, selectS) = SelectList(items);
        var (whereD, whereS) = OptionalWhere();
        var ordered = _random.Next(2) == 0;
        var (orderD, orderS) = ordered ? OrderBy(Shuffle(Enumerable.Range(0, items.Count))) : ("", "");
        if (ordered && _random.Next(2) == 0)
        {
            orderD += " LIMIT 3";
            orderS += " LIMIT 3";
        }

        return new GeneratedSql($"SELECT DISTINCT {selectD} FROM events{whereD}{orderD}", $"SELECT DISTINCT {selectS} FROM events{whereS}{orderS}", ordered);
    }

    private GeneratedSql Subquery()
    {
        var inner = Aggregate2Keys();
        switch (_random.Next(3))
        {
            case 0:
            {
                // Re-aggregate the inner groups by their first key.
                var agg = _random.Next(4) switch
                {
                    0 => "SUM(a0)",
                    1 => "MAX(a0)",
                    2 => "MIN(a0)",
                    _ => "AVG(a0)",
                };
                var outer = $"SELECT k0 AS c0, {agg} AS c1, COUNT(*) AS c2 FROM ({{0}}) t GROUP BY k0";
                var ordered = _random.Next(2) == 0;
                var order = ordered ? " ORDER BY c0 DESC" : "";
                return new GeneratedSql(string.Format(CultureInfo.InvariantCulture, outer, inner.D) + order, string.Format(CultureInfo.InvariantCulture, outer, inner.S) + order, ordered);
            }

            case 1:
            {
                // Filter the inner groups.
                var threshold = _random.Next(0, 3000);
                var sql = $"SELECT k0, k1, a0 FROM ({{0}}) t WHERE a0 > {threshold} OR k1 IS NULL";
                return new GeneratedSql(string.Format(CultureInfo.InvariantCulture, sql, inner.D), string.Format(CultureInfo.InvariantCulture, sql, inner.S), false);
            }

            default:
            {
                // Aggregate a filtered scan.
                var value = _random.Next(2) == 0 ? LongExpr(1) : DoubleExpr(1);
                var (whereD, whereS) = OptionalWhere();
                const string Outer = "SELECT COUNT(*) AS c0, SUM(v) AS c1, COUNT(s) AS c2, MAX(v) AS c3 FROM (SELECT {0} AS v, {1} AS s FROM events{2}) t";
                var text = TextExpr(1);
                return new GeneratedSql(
                    string.Format(CultureInfo.InvariantCulture, Outer, value.D, text.D, whereD),
                    string.Format(CultureInfo.InvariantCulture, Outer, value.S, text.S, whereS),
                    true);
            }
        }
    }

    /// <summary>A grouped inner query with columns k0, k1 (two keys) and a0 (a long sum).</summary>
    private Expr Aggregate2Keys()
    {
        var first = TextColumn();
        var second = _random.Next(3) == 0 ? Floor() : TextColumn();
        var (whereD, whereS) = OptionalWhere();
        var sum = _random.Next(2) == 0 ? "SUM(bytes)" : "COUNT(*)";
        return new Expr(
            $"SELECT {first.D} AS k0, {second.D} AS k1, {sum} AS a0 FROM events{whereD} GROUP BY {first.D}, {second.D}",
            $"SELECT {first.S} AS k0, {second.S} AS k1, {sum} AS a0 FROM events{whereS} GROUP BY {first.S}, {second.S}",
            Kind.Long);
    }

    // ---- clauses ----

    private static (string D, string S) SelectList(IReadOnlyList<Expr> items) => (
        string.Join(", ", items.Select((e, i) => $"{e.D} AS c{i}")),
        string.Join(", ", items.Select((e, i) => $"{e.S} AS c{i}")));

    private (string D, string S) OptionalWhere()
    {
        if (_random.Next(4) == 0)
        {
            return ("", "");
        }

        var condition = Condition(2);
        return ($" WHERE {condition.D}", $" WHERE {condition.S}");
    }

    /// <summary>ORDER BY the given output columns with random directions (and now and then explicit null placement).</summary>
    private (string D, string S) OrderBy(IReadOnlyList<int> columns)
    {
        var keys = columns.Select(c =>
        {
            var key = $"c{c}";
            if (_random.Next(2) == 0)
            {
                key += " DESC";
            }

            if (_random.Next(5) == 0)
            {
                key += _random.Next(2) == 0 ? " NULLS FIRST" : " NULLS LAST";
            }

            return key;
        }).ToList();
        var text = $" ORDER BY {string.Join(", ", keys)}";
        return (text, text);
    }

    /// <summary>ORDER BY for a grouped statement: total when it names every key (keys are unique per group), with a LIMIT then and then.</summary>
    private (string D, string S, bool Ordered) GroupedOrder(int keyCount, int itemCount)
    {
        if (keyCount == 0)
        {
            return ("", "", true);
        }

        switch (_random.Next(3))
        {
            case 0:
                return ("", "", false);
            case 1:
            {
                var columns = Shuffle(Enumerable.Range(0, itemCount)).Take(1 + _random.Next(itemCount)).ToList();
                var total = Enumerable.Range(0, keyCount).All(columns.Contains);
                var (d, s) = OrderBy(columns);
                return (d, s, total);
            }

            default:
            {
                // Aggregates first, then every key: total.
                var columns = Shuffle(Enumerable.Range(keyCount, itemCount - keyCount)).Take(_random.Next(2)).Concat(Shuffle(Enumerable.Range(0, keyCount))).ToList();
                var (d, s) = OrderBy(columns);
                if (_random.Next(2) == 0)
                {
                    var limit = $" LIMIT {1 + _random.Next(6)}";
                    d += limit;
                    s += limit;
                }

                return (d, s, true);
            }
        }
    }

    private Expr Having()
    {
        var aggregate = _random.Next(4) switch
        {
            0 => new Expr("COUNT(*)", "COUNT(*)", Kind.Long),
            1 => new Expr("SUM(bytes)", "SUM(bytes)", Kind.Long),
            2 => new Expr("MAX(price)", "MAX(price)", Kind.Double),
            _ => new Expr("COUNT(DISTINCT os)", "COUNT(DISTINCT os)", Kind.Long),
        };
        var threshold = aggregate.D switch
        {
            "COUNT(*)" => _random.Next(1, 30),
            "SUM(bytes)" => _random.Next(-100, 8000),
            "MAX(price)" => _random.Next(0, 100),
            _ => _random.Next(0, 3),
        };
        var op = Comparisons[_random.Next(Comparisons.Length)];
        return new Expr($"{aggregate.D} {op} {threshold}", $"{aggregate.S} {op} {threshold}", Kind.Bool);
    }

    // ---- select items ----

    private Expr ScanItem() => _random.Next(9) switch
    {
        0 => new Expr("__time", "\"__time\"", Kind.Long),
        1 or 2 => TextExpr(2),
        3 => TextColumn(),
        4 or 5 => LongExpr(2),
        6 => DoubleExpr(2),
        7 => Condition(1),
        _ => _random.Next(2) == 0 ? Floor() : new Expr("price", "price", Kind.Double),
    };

    private Expr GroupKey() => _random.Next(6) switch
    {
        0 or 1 => TextColumn(),
        2 => TextExpr(1),
        3 => Floor(),
        4 => new Expr("bytes / 250", "bytes / 250", Kind.Long),
        _ => new Expr("price > 50", "price > 50", Kind.Bool),
    };

    private Expr Floor() => _random.Next(2) == 0
        ? new Expr("FLOOR(__time TO HOUR)", $"(\"__time\" / {SqlReferenceData.Hour} * {SqlReferenceData.Hour})", Kind.Long)
        : new Expr("FLOOR(__time TO DAY)", $"(\"__time\" / {SqlReferenceData.Day} * {SqlReferenceData.Day})", Kind.Long);

    private Expr AggregateItem()
    {
        var aggregate = _random.Next(12) switch
        {
            0 or 1 => new Expr("COUNT(*)", "COUNT(*)", Kind.Long),
            2 => Wrap("COUNT", TextExpr(1)),
            3 => Wrap("SUM", LongExpr(1)),
            4 => Wrap("SUM", DoubleExpr(1)),
            5 => Wrap("MIN", _random.Next(2) == 0 ? LongExpr(1) : DoubleExpr(1)),
            6 => Wrap("MAX", _random.Next(2) == 0 ? LongExpr(1) : DoubleExpr(1)),
            7 => Wrap("AVG", _random.Next(2) == 0 ? LongExpr(1) : DoubleExpr(1)),
            8 => CountDistinct(),
            9 => new Expr("MAX(bytes) - MIN(bytes)", "MAX(bytes) - MIN(bytes)", Kind.Long),
            10 => new Expr("SUM(price) / COUNT(*)", "SUM(price) / COUNT(*)", Kind.Double),
            _ => Wrap("SUM", new Expr("\"count\"", "\"count\"", Kind.Long)),
        };

        if (_random.Next(4) == 0 && !aggregate.D.Contains(") ", StringComparison.Ordinal))
        {
            var filter = Condition(1);
            return new Expr($"{aggregate.D} FILTER (WHERE {filter.D})", $"{aggregate.S} FILTER (WHERE {filter.S})", aggregate.Kind);
        }

        return aggregate;
    }

    private Expr CountDistinct()
    {
        var column = TextColumn();
        return new Expr($"COUNT(DISTINCT {column.D})", $"COUNT(DISTINCT {column.S})", Kind.Long);
    }

    private static Expr Wrap(string function, Expr operand) =>
        new($"{function}({operand.D})", $"{function}({operand.S})", function is "AVG" ? Kind.Double : operand.Kind);

    // ---- scalar expressions ----

    private Expr TextColumn()
    {
        var column = TextColumns[_random.Next(TextColumns.Length)];
        return new Expr(column, column, Kind.Text);
    }

    private Expr TextExpr(int depth)
    {
        if (depth <= 0)
        {
            return TextColumn();
        }

        switch (_random.Next(9))
        {
            case 0:
            case 1:
                return TextColumn();
            case 2:
            {
                var operand = TextExpr(depth - 1);
                var function = _random.Next(2) == 0 ? "LOWER" : "UPPER";
                return new Expr($"{function}({operand.D})", $"{function}({operand.S})", Kind.Text);
            }

            case 3:
            {
                var operand = TextExpr(depth - 1);
                var start = 1 + _random.Next(2);
                var length = 1 + _random.Next(3);
                return new Expr($"SUBSTRING({operand.D}, {start}, {length})", $"substr({operand.S}, {start}, {length})", Kind.Text);
            }

            case 4:
            {
                var operand = TextExpr(depth - 1);
                return new Expr($"COALESCE({operand.D}, 'none')", $"COALESCE({operand.S}, 'none')", Kind.Text);
            }

            case 5:
            {
                var left = TextColumn();
                var right = TextColumn();
                return new Expr($"{left.D} || '-' || {right.D}", $"{left.S} || '-' || {right.S}", Kind.Text);
            }

            case 6:
            {
                var condition = Condition(depth - 1);
                var otherwise = TextExpr(depth - 1);
                var literal = TextLiterals[_random.Next(TextLiterals.Length - 1)];
                return new Expr($"CASE WHEN {condition.D} THEN '{literal}' ELSE {otherwise.D} END", $"CASE WHEN {condition.S} THEN '{literal}' ELSE {otherwise.S} END", Kind.Text);
            }

            case 7:
                return new Expr("CAST(bytes AS VARCHAR)", "CAST(bytes AS TEXT)", Kind.Text);
            default:
            {
                var operand = TextColumn();
                return new Expr($"CASE {operand.D} WHEN 'US' THEN 'America' WHEN 'FR' THEN 'Europe' END", $"CASE {operand.S} WHEN 'US' THEN 'America' WHEN 'FR' THEN 'Europe' END", Kind.Text);
            }
        }
    }

    private Expr LongExpr(int depth)
    {
        if (depth <= 0)
        {
            return new Expr("bytes", "bytes", Kind.Long);
        }

        var k = 1 + _random.Next(9);
        switch (_random.Next(10))
        {
            case 0:
            case 1:
                return new Expr("bytes", "bytes", Kind.Long);
            case 2:
                return new Expr("\"count\"", "\"count\"", Kind.Long);
            case 3:
            {
                var op = new[] { "+", "-", "*", "/" }[_random.Next(4)];
                var operand = LongExpr(depth - 1);
                return new Expr($"({operand.D} {op} {k})", $"({operand.S} {op} {k})", Kind.Long);
            }

            case 4:
            {
                var operand = TextExpr(depth - 1);
                return new Expr($"CHAR_LENGTH({operand.D})", $"length({operand.S})", Kind.Long);
            }

            case 5:
                return new Expr("CAST(price AS BIGINT)", "CAST(price AS INTEGER)", Kind.Long);
            case 6:
            {
                var condition = Condition(depth - 1);
                return new Expr($"CASE WHEN {condition.D} THEN bytes ELSE {k} END", $"CASE WHEN {condition.S} THEN bytes ELSE {k} END", Kind.Long);
            }

            case 7:
            {
                var operand = TextColumn();
                return new Expr($"COALESCE(CHAR_LENGTH({operand.D}), 0)", $"COALESCE(length({operand.S}), 0)", Kind.Long);
            }

            case 8:
                return new Expr("ABS(bytes)", "abs(bytes)", Kind.Long);
            default:
            {
                var left = LongExpr(depth - 1);
                return new Expr($"({left.D} + bytes)", $"({left.S} + bytes)", Kind.Long);
            }
        }
    }

    private Expr DoubleExpr(int depth)
    {
        if (depth <= 0)
        {
            return new Expr("price", "price", Kind.Double);
        }

        return _random.Next(7) switch
        {
            0 or 1 => new Expr("price", "price", Kind.Double),
            2 => new Expr("(price * 2)", "(price * 2)", Kind.Double),
            3 => new Expr("(price + bytes)", "(price + bytes)", Kind.Double),
            4 => new Expr("(price / 4)", "(price / 4)", Kind.Double),
            5 => new Expr("(CAST(bytes AS DOUBLE) / 4)", "(CAST(bytes AS REAL) / 4)", Kind.Double),
            _ => new Expr("(price - 0.5)", "(price - 0.5)", Kind.Double),
        };
    }

    private Expr Condition(int depth)
    {
        if (depth > 0)
        {
            switch (_random.Next(8))
            {
                case 0:
                {
                    var left = Condition(depth - 1);
                    var right = Condition(depth - 1);
                    return new Expr($"({left.D} AND {right.D})", $"({left.S} AND {right.S})", Kind.Bool);
                }

                case 1:
                {
                    var left = Condition(depth - 1);
                    var right = Condition(depth - 1);
                    return new Expr($"({left.D} OR {right.D})", $"({left.S} OR {right.S})", Kind.Bool);
                }

                case 2:
                {
                    var operand = Condition(depth - 1);
                    return new Expr($"(NOT {operand.D})", $"(NOT {operand.S})", Kind.Bool);
                }
            }
        }

        switch (_random.Next(12))
        {
            case 0:
            case 1:
            {
                var operand = depth > 0 ? TextExpr(1) : TextColumn();
                var op = Comparisons[_random.Next(Comparisons.Length)];
                var literal = TextLiterals[_random.Next(TextLiterals.Length)];
                return new Expr($"{operand.D} {op} '{literal}'", $"{operand.S} {op} '{literal}'", Kind.Bool);
            }

            case 2:
            {
                var column = TextColumn();
                var values = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => $"'{TextLiterals[_random.Next(TextLiterals.Length)]}'");
                var not = _random.Next(2) == 0 ? "NOT " : "";
                var text = $"{column.D} {not}IN ({string.Join(", ", values)})";
                return new Expr(text, text, Kind.Bool);
            }

            case 3:
            {
                var column = TextColumn();
                var not = _random.Next(3) == 0 ? "NOT " : "";
                var text = $"{column.D} {not}LIKE '{LikePatterns[_random.Next(LikePatterns.Length)]}'";
                return new Expr(text, text, Kind.Bool);
            }

            case 4:
            {
                var operand = _random.Next(3) == 0 ? LongExpr(1) : TextExpr(1);
                var not = _random.Next(2) == 0 ? "NOT " : "";
                return new Expr($"{operand.D} IS {not}NULL", $"{operand.S} IS {not}NULL", Kind.Bool);
            }

            case 5:
            case 6:
            {
                var operand = LongExpr(1);
                var op = Comparisons[_random.Next(Comparisons.Length)];
                var value = _random.Next(-60, 1000);
                return new Expr($"{operand.D} {op} {value}", $"{operand.S} {op} {value}", Kind.Bool);
            }

            case 7:
            {
                var low = _random.Next(-50, 600);
                var high = low + _random.Next(0, 500);
                var not = _random.Next(4) == 0 ? "NOT " : "";
                return new Expr($"bytes {not}BETWEEN {low} AND {high}", $"bytes {not}BETWEEN {low} AND {high}", Kind.Bool);
            }

            case 8:
            {
                var operand = DoubleExpr(1);
                var op = Comparisons[_random.Next(Comparisons.Length)];
                var value = (_random.Next(-40, 401) * 0.25).ToString("0.0#", CultureInfo.InvariantCulture);
                return new Expr($"{operand.D} {op} {value}", $"{operand.S} {op} {value}", Kind.Bool);
            }

            case 9:
            case 10:
                return TimeCondition();
            default:
            {
                var operand = TextColumn();
                var op = _random.Next(2) == 0 ? "=" : "<>";
                var other = TextColumn();
                return new Expr($"{operand.D} {op} {other.D}", $"{operand.S} {op} {other.S}", Kind.Bool);
            }
        }
    }

    private Expr TimeCondition()
    {
        var from = SqlReferenceData.Start + (_random.NextInt64(SqlReferenceData.Days * 24 * 4) * 15 * 60_000) + (_random.Next(3) == 0 ? _random.Next(3600) * 1000L : 0);
        var to = from + (_random.NextInt64(1, 48 * 4) * 15 * 60_000);
        switch (_random.Next(4))
        {
            case 0:
                return new Expr($"__time >= {Timestamp(from)} AND __time < {Timestamp(to)}", $"\"__time\" >= {from} AND \"__time\" < {to}", Kind.Bool);
            case 1:
                return new Expr($"__time BETWEEN {Timestamp(from)} AND {Timestamp(to)}", $"\"__time\" BETWEEN {from} AND {to}", Kind.Bool);
            case 2:
            {
                var op = Comparisons[2 + _random.Next(4)];
                return new Expr($"__time {op} {Timestamp(from)}", $"\"__time\" {op} {from}", Kind.Bool);
            }

            default:
                return new Expr($"FLOOR(__time TO HOUR) = {Timestamp(from - (from % SqlReferenceData.Hour))}",
                    $"(\"__time\" / {SqlReferenceData.Hour} * {SqlReferenceData.Hour}) = {from - (from % SqlReferenceData.Hour)}", Kind.Bool);
        }
    }

    private static string Timestamp(long millis) =>
        $"TIMESTAMP '{DateTimeOffset.FromUnixTimeMilliseconds(millis).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}'";

    private List<int> Shuffle(IEnumerable<int> values) => [.. values.OrderBy(_ => _random.Next())];

    private enum Kind
    {
        Text,
        Long,
        Double,
        Bool,
    }

    private sealed record Expr(string D, string S, Kind Kind);
}
