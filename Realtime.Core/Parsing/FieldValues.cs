using System.Collections;
using System.Globalization;
using System.Text.Json;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Parsing;

/// <summary>
/// The value shapes a parsed row holds: string, long, double, bool, a <c>string?[]</c> for several values, or
/// null. Converts other inputs (map events, JSON elements, path results) to them.
/// </summary>
internal static class FieldValues
{
    private const int SmallMin = -128;
    private const int SmallMax = 1023;

    private static readonly object[] SmallLongs = CreateSmallLongs();

    /// <summary>A boxed <c>true</c>, shared.</summary>
    public static readonly object True = true;

    /// <summary>A boxed <c>false</c>, shared.</summary>
    public static readonly object False = false;

    /// <summary>Boxes a long, sharing the boxes of small values.</summary>
    public static object Box(long value) => value is >= SmallMin and <= SmallMax ? SmallLongs[value - SmallMin] : value;

    /// <summary>Converts a field value to a row value; <paramref name="discoverable"/> is false for maps and lists holding maps or lists.</summary>
    public static object? ToFieldValue(object? value, out bool discoverable)
    {
        if (TryScalar(value, out var scalar))
        {
            discoverable = true;
            return scalar;
        }

        if (value is string?[] strings)
        {
            discoverable = true;
            return strings;
        }

        if (value is JsonElement { ValueKind: JsonValueKind.Array } array)
        {
            var items = new string?[array.GetArrayLength()];
            discoverable = true;
            var i = 0;
            foreach (var element in array.EnumerateArray())
            {
                discoverable &= TryScalar(element, out var item);
                items[i++] = DimensionValues.ToText(item);
            }

            return items;
        }

        if (value is IEnumerable list and not IDictionary and not IReadOnlyDictionary<string, object?>)
        {
            var items = new List<string?>();
            discoverable = true;
            foreach (var element in list)
            {
                discoverable &= TryScalar(element, out var item);
                items.Add(DimensionValues.ToText(item));
            }

            return items.ToArray();
        }

        discoverable = false;
        return null;
    }

    /// <summary>Converts a scalar to a row scalar (string, long, double, bool or null); false for maps and lists.</summary>
    public static bool TryScalar(object? value, out object? scalar)
    {
        switch (value)
        {
            case null:
                scalar = null;
                return true;
            case string or double or bool:
                scalar = value;
                return true;
            case long l:
                scalar = Box(l);
                return true;
            case int or short or sbyte or byte or ushort or uint:
                scalar = Box(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return true;
            case ulong u:
                scalar = u <= long.MaxValue ? Box((long)u) : (double)u;
                return true;
            case float or decimal:
                scalar = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return true;
            case char c:
                scalar = c.ToString();
                return true;
            case DateTimeOffset dto:
                scalar = DateTimes.Format(dto.ToUnixTimeMilliseconds());
                return true;
            case DateTime dt:
                scalar = DateTimes.Format(new DateTimeOffset(DateTime.SpecifyKind(dt, dt.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dt.Kind)).ToUnixTimeMilliseconds());
                return true;
            case JsonElement e:
                return TryScalar(e, out scalar);
            case Enum:
                scalar = value.ToString();
                return true;
            default:
                scalar = null;
                return false;
        }
    }

    private static bool TryScalar(JsonElement e, out object? scalar)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                scalar = e.GetString();
                return true;
            case JsonValueKind.Number:
                scalar = e.TryGetInt64(out var l) ? Box(l) : e.GetDouble();
                return true;
            case JsonValueKind.True:
                scalar = True;
                return true;
            case JsonValueKind.False:
                scalar = False;
                return true;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                scalar = null;
                return true;
            default:
                scalar = null;
                return false;
        }
    }

    private static object[] CreateSmallLongs()
    {
        var boxes = new object[SmallMax - SmallMin + 1];
        for (var i = 0; i < boxes.Length; i++)
        {
            boxes[i] = (long)(i + SmallMin);
        }

        return boxes;
    }
}
