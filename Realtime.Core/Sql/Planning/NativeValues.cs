using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Core.Sql.Functions;

namespace Realtime.Core.Sql.Planning;

/// <summary>Reads values of native query results as SQL values of a column's type; empty text is null, as the node stores it.</summary>
internal static class NativeValues
{
    public static object? Read(JsonNode? node, SqlColumnType type)
    {
        if (node is JsonArray array)
        {
            var values = array.Select(v => v is null ? null : Text(v)).ToArray();
            return values.Length == 1 ? values[0] : values;
        }

        if (node is not JsonValue value)
        {
            return type == SqlColumnType.Other ? node?.ToJsonString() : null;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                return text.Length == 0 ? null : type switch
                {
                    SqlColumnType.Varchar or SqlColumnType.Other => text,
                    SqlColumnType.Timestamp or SqlColumnType.Date => SqlValues.ParseTimestamp(text, TimeZoneInfo.Utc),
                    _ => SqlValues.Cast(text, SqlColumnType.Varchar, type == SqlColumnType.Bigint ? Syntax.SqlTypeName.Bigint : Syntax.SqlTypeName.Double, TimeZoneInfo.Utc),
                };
            case JsonValueKind.Number:
                var (whole, real) = Number(value);
                return type switch
                {
                    SqlColumnType.Bigint or SqlColumnType.Timestamp or SqlColumnType.Date => (object)(whole ?? (long)real),
                    SqlColumnType.Varchar => whole?.ToString(CultureInfo.InvariantCulture) ?? real.ToString("R", CultureInfo.InvariantCulture),
                    _ => real,
                };
            case JsonValueKind.True or JsonValueKind.False:
                return type == SqlColumnType.Boolean ? value.GetValue<bool>() : value.GetValue<bool>() ? 1L : 0L;
            default:
                return type == SqlColumnType.Other ? value.ToJsonString() : null;
        }
    }

    /// <summary>A JSON number as a whole number (when it is one) and as a double.</summary>
    private static (long? Whole, double Real) Number(JsonValue value)
    {
        if (value.TryGetValue<long>(out var l))
        {
            return (l, l);
        }

        if (value.TryGetValue<int>(out var i))
        {
            return (i, i);
        }

        if (value.TryGetValue<double>(out var d))
        {
            return (null, d);
        }

        if (value.TryGetValue<float>(out var f))
        {
            return (null, f);
        }

        var text = value.ToJsonString();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? (parsed, parsed)
            : (null, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private static string Text(JsonNode node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String
        ? v.GetValue<string>()
        : node.ToJsonString();
}
