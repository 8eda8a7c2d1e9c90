using System.Text;
using System.Text.RegularExpressions;
using Realtime.Core.Values;

namespace Realtime.Core.Sql.Functions;

internal static partial class SqlScalarFunctions
{
    private static IEnumerable<(string Name, Func<SqlCall, SqlScalarBinding> Bind)> TextFunctions() =>
    [
        ("LOWER", c => TextToText(c.Arity(1), s => s.ToLowerInvariant())),
        ("UPPER", c => TextToText(c.Arity(1), s => s.ToUpperInvariant())),
        ("REVERSE", c => TextToText(c.Arity(1), Reverse)),
        ("TRIM", c => TextToText(c.Arity(1), s => s.Trim(' '))),
        ("BTRIM", c => Trim(c, (s, chars) => s.Trim(chars))),
        ("LTRIM", c => Trim(c, (s, chars) => s.TrimStart(chars))),
        ("RTRIM", c => Trim(c, (s, chars) => s.TrimEnd(chars))),
        ("CONCAT", c => Concat(c.Arity(1, int.MaxValue))),
        ("TEXTCAT", c => Concat(c.Arity(2))),
        ("LENGTH", Length),
        ("CHAR_LENGTH", Length),
        ("CHARACTER_LENGTH", Length),
        ("STRLEN", Length),
        ("SUBSTRING", Substring),
        ("SUBSTR", Substring),
        ("LEFT", c => TextAndCount(c, (s, n) => s[..(int)Math.Min(n, s.Length)])),
        ("RIGHT", c => TextAndCount(c, (s, n) => s[(s.Length - (int)Math.Min(n, s.Length))..])),
        ("REPEAT", c => TextAndCount(c, (s, n) => (double)n * s.Length > 1 << 24 ? null : new StringBuilder().Insert(0, s, (int)n).ToString())),
        ("LPAD", c => Pad(c, left: true)),
        ("RPAD", c => Pad(c, left: false)),
        ("REPLACE", Replace),
        ("STRPOS", c => Find(c.Arity(2), text: 0, search: 1)),
        ("POSITION", c => Find(c.Arity(2, 3), text: 1, search: 0)),
        ("CONTAINS_STRING", c => Contains(c, StringComparison.Ordinal)),
        ("ICONTAINS_STRING", c => Contains(c, StringComparison.OrdinalIgnoreCase)),
        ("REGEXP_EXTRACT", RegexpExtract),
        ("REGEXP_LIKE", RegexpLike),
        ("REGEXP_REPLACE", RegexpReplace),
        ("LOOKUP", Lookup),
    ];

    /// <summary>A function of one text argument giving text; a multi-value maps element by element.</summary>
    private static SqlScalarBinding TextToText(SqlCall call, Func<string, string?> apply)
    {
        call.Text(0, "text");
        return Strict(call, SqlColumnType.Varchar, a => OnText(a[0], SqlColumnType.Varchar, apply), 0);
    }

    /// <summary><c>BTRIM</c>, <c>LTRIM</c>, <c>RTRIM(text[, chars])</c>: the characters (a space by default) removed from the ends.</summary>
    private static SqlScalarBinding Trim(SqlCall call, Func<string, char[], string> trim)
    {
        call.Arity(1, 2).Text(0, "text");
        if (call.Count == 1)
        {
            return TextToText(call, s => trim(s, [' ']));
        }

        call.Text(1, "characters");
        return Strict(call, SqlColumnType.Varchar, a => OnText(a[0], SqlColumnType.Varchar, s => trim(s, ((string)a[1]!).ToCharArray())), 0, 1);
    }

    /// <summary><c>CONCAT(a, b, …)</c> and <c>TEXTCAT(a, b)</c>: null when any argument is null; numbers and times as their text.</summary>
    private static SqlScalarBinding Concat(SqlCall call)
    {
        var all = Enumerable.Range(0, call.Count).ToArray();
        foreach (var i in all)
        {
            call.Text(i, "text");
        }

        var zone = call.Context.TimeZone;
        var types = call.Args.Select(a => a.Type).ToArray();
        return Strict(call, SqlColumnType.Varchar, a =>
        {
            var result = SqlValues.ToText(a[0]!, types[0], zone);
            for (var i = 1; i < a.Length; i++)
            {
                result = SqlValues.Concat(result, SqlValues.ToText(a[i]!, types[i], zone))!;
            }

            return result;
        });
    }

    /// <summary><c>LENGTH(text)</c> and its aliases: the length in UTF-16 code units.</summary>
    private static SqlScalarBinding Length(SqlCall call)
    {
        call.Arity(1).Text(0, "text");
        return Strict(call, SqlColumnType.Bigint, a => OnText(a[0], SqlColumnType.Bigint, s => (long)s.Length), 0);
    }

    /// <summary>
    /// <c>SUBSTRING(text, start[, length])</c>, positions from 1 in UTF-16 code units. As in standard SQL, a start
    /// before 1 still counts the positions before the text against the length; a negative length gives null.
    /// </summary>
    private static SqlScalarBinding Substring(SqlCall call)
    {
        call.Arity(2, 3).Text(0, "text").Integer(1, "start");
        if (call.Count == 3)
        {
            call.Integer(2, "length");
        }

        return Strict(call, SqlColumnType.Varchar, a => OnText(a[0], SqlColumnType.Varchar, s =>
        {
            var start = SqlValues.ToLong(a[1]!);
            var end = a.Length > 2 ? start + SqlValues.ToLong(a[2]!) : long.MaxValue;
            if (end < start)
            {
                return null;
            }

            long from = Math.Max(start, 1), to = Math.Min(end, s.Length + 1L);
            return to <= from ? "" : s.Substring((int)(from - 1), (int)(to - from));
        }), 0);
    }

    /// <summary><c>LEFT</c>, <c>RIGHT</c>, <c>REPEAT(text, n)</c>; a negative count gives null.</summary>
    private static SqlScalarBinding TextAndCount(SqlCall call, Func<string, long, string?> apply)
    {
        call.Arity(2).Text(0, "text").Integer(1, "count");
        return Strict(call, SqlColumnType.Varchar, a =>
        {
            var n = SqlValues.ToLong(a[1]!);
            return n < 0 ? null : OnText(a[0], SqlColumnType.Varchar, s => apply(s, n));
        }, 0);
    }

    /// <summary>
    /// <c>LPAD</c> and <c>RPAD(text, length[, chars])</c>: the text padded with the characters (a space by default) to
    /// the length, or cut to it when longer; empty characters pad nothing; a length of zero or less gives the empty text.
    /// </summary>
    private static SqlScalarBinding Pad(SqlCall call, bool left)
    {
        call.Arity(2, 3).Text(0, "text").Integer(1, "length");
        if (call.Count == 3)
        {
            call.Text(2, "characters");
        }

        return Strict(call, SqlColumnType.Varchar, a =>
        {
            var length = (int)Math.Clamp(SqlValues.ToLong(a[1]!), 0, 1 << 20);
            var fill = a.Length > 2 ? (string)a[2]! : " ";
            return OnText(a[0], SqlColumnType.Varchar, s =>
            {
                if (s.Length >= length || fill.Length == 0)
                {
                    return s[..Math.Min(length, s.Length)];
                }

                var padding = new StringBuilder(length);
                while (padding.Length < length - s.Length)
                {
                    padding.Append(fill, 0, Math.Min(fill.Length, length - s.Length - padding.Length));
                }

                return left ? padding.Append(s).ToString() : s + padding;
            });
        }, 0, 2);
    }

    /// <summary><c>REPLACE(text, search, replacement)</c>: every occurrence replaced; an empty search changes nothing.</summary>
    private static SqlScalarBinding Replace(SqlCall call)
    {
        call.Arity(3).Text(0, "text").Text(1, "search").Text(2, "replacement");
        return Strict(call, SqlColumnType.Varchar, a => OnText(a[0], SqlColumnType.Varchar, s =>
        {
            var search = (string)a[1]!;
            return search.Length == 0 ? s : s.Replace(search, (string)a[2]!, StringComparison.Ordinal);
        }), 0, 1, 2);
    }

    /// <summary>
    /// <c>STRPOS(text, search)</c> and <c>POSITION(search IN text [FROM start])</c>: the 1-based position of the first
    /// occurrence (at or after <c>start</c>), 0 when there is none.
    /// </summary>
    private static SqlScalarBinding Find(SqlCall call, int text, int search)
    {
        call.Text(text, "text").Text(search, "search");
        if (call.Count == 3)
        {
            call.Integer(2, "start");
        }

        return Strict(call, SqlColumnType.Bigint, a => OnText(a[text], SqlColumnType.Bigint, s =>
        {
            var from = a.Length > 2 ? Math.Max(SqlValues.ToLong(a[2]!), 1) - 1 : 0;
            return from > s.Length ? 0L : s.IndexOf((string)a[search]!, (int)from, StringComparison.Ordinal) + 1L;
        }), text, search);
    }

    /// <summary><c>CONTAINS_STRING(text, search)</c> and <c>ICONTAINS_STRING</c> (case-insensitive).</summary>
    private static SqlScalarBinding Contains(SqlCall call, StringComparison comparison)
    {
        call.Arity(2).Text(0, "text").Text(1, "search");
        return Strict(call, SqlColumnType.Boolean, a => OnText(a[0], SqlColumnType.Boolean, s => s.Contains((string)a[1]!, comparison)), 0, 1);
    }

    /// <summary><c>REGEXP_EXTRACT(text, pattern[, group])</c>: the first match (or its group), null when there is none.</summary>
    private static SqlScalarBinding RegexpExtract(SqlCall call)
    {
        call.Arity(2, 3).Text(0, "text");
        var regex = Regex(call, 1);
        var group = call.ConstantInteger(2, "group", 0);
        if (group < 0 || group >= regex.GetGroupNumbers().Length)
        {
            throw call.Error($"argument 3 (group): the pattern has no group {group}", call.Args[2].Position);
        }

        return Strict(call, SqlColumnType.Varchar, a => OnText(a[0], SqlColumnType.Varchar, s =>
            regex.Match(s) is { Success: true } m && m.Groups[(int)group] is { Success: true } g ? g.Value : null), 0);
    }

    /// <summary><c>REGEXP_LIKE(text, pattern)</c>: whether the pattern matches anywhere in the text.</summary>
    private static SqlScalarBinding RegexpLike(SqlCall call)
    {
        call.Arity(2).Text(0, "text");
        var regex = Regex(call, 1);
        return Strict(call, SqlColumnType.Boolean, a => OnText(a[0], SqlColumnType.Boolean, s => regex.IsMatch(s)), 0);
    }

    /// <summary><c>REGEXP_REPLACE(text, pattern, replacement)</c>: every match replaced; <c>$1</c> refers to a group.</summary>
    private static SqlScalarBinding RegexpReplace(SqlCall call)
    {
        call.Arity(3).Text(0, "text").Text(2, "replacement");
        var regex = Regex(call, 1);
        return Strict(call, SqlColumnType.Varchar, a => OnText(a[0], SqlColumnType.Varchar, s => regex.Replace(s, (string)a[2]!)), 0, 2);
    }

    private static Regex Regex(SqlCall call, int i)
    {
        var pattern = call.ConstantText(i, "pattern") ?? throw call.Error($"argument {i + 1} (pattern) must not be NULL", call.Args[i].Position);
        try
        {
            return Patterns.Compile(pattern, RegexOptions.None, $"Function '{call.Name}' argument {i + 1} (pattern)");
        }
        catch (ArgumentException e)
        {
            throw SqlPlanningException.Validation(e.Message, call.Args[i].Position);
        }
    }

    /// <summary><c>LOOKUP(expr, 'name'[, replaceMissingWith])</c>: this node registers no lookups, so every name is unknown.</summary>
    private static SqlScalarBinding Lookup(SqlCall call)
    {
        call.Arity(2, 3).Text(0, "key");
        var name = call.ConstantText(1, "lookup name");
        throw call.Error($"argument 2: lookup [{name}] not found; no lookups are registered on this node", call.Args[1].Position);
    }

    /// <summary>The text backwards, keeping surrogate pairs in order (as Java's <c>StringBuilder.reverse</c>).</summary>
    private static string Reverse(string text)
    {
        var chars = text.ToCharArray();
        Array.Reverse(chars);
        for (var i = 0; i < chars.Length - 1; i++)
        {
            if (char.IsLowSurrogate(chars[i]) && char.IsHighSurrogate(chars[i + 1]))
            {
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                i++;
            }
        }

        return new string(chars);
    }
}
