namespace Realtime.Core.Sql.Functions;

internal static partial class SqlScalarFunctions
{
    private static IEnumerable<(string Name, Func<SqlCall, SqlScalarBinding> Bind)> MultiValueFunctions() =>
    [
        ("MV_CONTAINS", c => Membership(c, all: true)),
        ("MV_OVERLAP", c => Membership(c, all: false)),
        ("MV_TO_ARRAY", MvToArray),
        ("MV_LENGTH", MvLength),
        ("MV_OFFSET", c => MvElement(c, firstIndex: 0)),
        ("MV_ORDINAL", c => MvElement(c, firstIndex: 1)),
        ("MV_TO_STRING", MvToString),
    ];

    /// <summary>
    /// <c>MV_CONTAINS(mv, values)</c> (every value present) and <c>MV_OVERLAP(mv, values)</c> (any present). The values
    /// may be a single value or an array (null values give null); a plain string is a one-element multi-value and a null
    /// one an empty one. Values other than text compare by their text.
    /// </summary>
    private static SqlScalarBinding Membership(SqlCall call, bool all)
    {
        call.Arity(2).Strings(0, "multi-value").Require(1, "values", "a value or an array", t => t != SqlColumnType.Other);
        var zone = call.Context.TimeZone;
        var type = call.Type(1);
        return new SqlScalarBinding(SqlColumnType.Boolean, a =>
        {
            if (a[1] is not { } values)
            {
                return null;
            }

            var haystack = Elements(a[0]);
            var needles = Elements(SqlValues.ToText(values, type, zone));
            return all
                ? needles.All(n => haystack.Contains(n, StringComparer.Ordinal))
                : needles.Any(n => haystack.Contains(n, StringComparer.Ordinal));
        });
    }

    /// <summary><c>MV_TO_ARRAY(mv)</c>: the elements as an ARRAY; null (and an empty multi-value, which Druid reads as null) gives null.</summary>
    private static SqlScalarBinding MvToArray(SqlCall call)
    {
        call.Arity(1).Strings(0, "multi-value");
        return Strict(call, SqlColumnType.Array, a => Elements(a[0]) is { Length: > 0 } elements ? elements.Cast<object?>().ToArray() : null);
    }

    /// <summary><c>MV_LENGTH(mv)</c>: the number of elements (a plain string has one).</summary>
    private static SqlScalarBinding MvLength(SqlCall call)
    {
        call.Arity(1).Strings(0, "multi-value");
        return Strict(call, SqlColumnType.Bigint, a => (long)Elements(a[0]).Length);
    }

    /// <summary><c>MV_OFFSET(mv, i)</c> (from 0) and <c>MV_ORDINAL(mv, i)</c> (from 1): the element, null out of range.</summary>
    private static SqlScalarBinding MvElement(SqlCall call, int firstIndex)
    {
        call.Arity(2).Strings(0, "multi-value").Integer(1, "index");
        return Strict(call, SqlColumnType.Varchar, a =>
        {
            var elements = Elements(a[0]);
            var index = SqlValues.ToLong(a[1]!) - firstIndex;
            return index >= 0 && index < elements.Length ? elements[index] : null;
        });
    }

    /// <summary><c>MV_TO_STRING(mv, separator)</c>: the elements joined (null elements as empty text).</summary>
    private static SqlScalarBinding MvToString(SqlCall call)
    {
        call.Arity(2).Strings(0, "multi-value").Text(1, "separator");
        return Strict(call, SqlColumnType.Varchar, a => string.Join((string)a[1]!, Elements(a[0])), 1);
    }

    /// <summary>The elements of a multi-value string or array as text: a plain value is one element, null none.</summary>
    private static string?[] Elements(object? value) => value switch
    {
        null => [],
        string?[] many => many,
        object?[] array => Array.ConvertAll(array, e => e is null ? null : SqlValues.Text(e)),
        _ => [SqlValues.Text(value)],
    };
}
