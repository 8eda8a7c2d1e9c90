using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Filters;

/// <summary>Reads a column of an input row the way filters see it: <c>__time</c>, typed numbers, text and lists.</summary>
internal static class RowValues
{
    /// <summary>A row predicate testing one column with <paramref name="predicate"/>; any value of a list may match.</summary>
    public static Func<InputRow, bool> Matcher(string column, ValuePredicate predicate)
    {
        if (column == DimensionFilter.TimeColumn)
        {
            return row => predicate.MatchesLong(row.TimestampMillis);
        }

        return row => Matches(row.GetRaw(column), predicate);
    }

    /// <summary>The values of a column as text, with no value as a single null.</summary>
    public static IReadOnlyList<string?> Texts(InputRow row, string column)
    {
        if (column == DimensionFilter.TimeColumn)
        {
            return [DimensionValues.ToText(row.TimestampMillis)];
        }

        var values = row.GetDimension(column);
        if (values.Count == 0)
        {
            return [null];
        }

        var texts = new string?[values.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = string.IsNullOrEmpty(values[i]) ? null : values[i];
        }

        return texts;
    }

    private static bool Matches(object? raw, ValuePredicate predicate)
    {
        switch (raw)
        {
            case null:
                return predicate.MatchesNull;
            case string text:
                return predicate.MatchesText(text);
            case long l:
                return predicate.MatchesLong(l);
            case double d:
                return predicate.MatchesDouble(d);
            case int or short or byte or sbyte or uint or ushort:
                return predicate.MatchesLong(Convert.ToInt64(raw, System.Globalization.CultureInfo.InvariantCulture));
            case float f:
                return predicate.MatchesDouble(f);
            case IReadOnlyList<string?> list:
                if (list.Count == 0)
                {
                    return predicate.MatchesNull;
                }

                foreach (var value in list)
                {
                    if (predicate.MatchesText(value))
                    {
                        return true;
                    }
                }

                return false;
            default:
                var values = DimensionValues.Of(raw);
                if (values.Count == 0)
                {
                    return predicate.MatchesNull;
                }

                foreach (var value in values)
                {
                    if (predicate.MatchesText(value))
                    {
                        return true;
                    }
                }

                return false;
        }
    }
}
