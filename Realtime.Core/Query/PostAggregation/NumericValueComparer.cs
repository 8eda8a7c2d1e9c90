using System.Globalization;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>
/// Orders aggregated values as numbers; null (and anything that is not a number) sorts first. Longs compare
/// exactly, also with doubles; NaN sorts after every other number, as in Druid.
/// </summary>
public sealed class NumericValueComparer : IComparer<object?>
{
    /// <summary>The shared instance.</summary>
    public static NumericValueComparer Instance { get; } = new();

    private NumericValueComparer()
    {
    }

    /// <inheritdoc />
    public int Compare(object? x, object? y)
    {
        if (ToLong(x) is { } lx)
        {
            return ToLong(y) is { } ly ? lx.CompareTo(ly) : ToDouble(y) is { } dy ? CompareExactly(lx, dy) : 1;
        }

        if (ToLong(y) is { } longY)
        {
            return ToDouble(x) is { } dx ? -CompareExactly(longY, dx) : -1;
        }

        return (ToDouble(x), ToDouble(y)) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            var (a, b) => CompareDoubles(a.Value, b.Value),
        };
    }

    /// <summary>The value as a double, or null when it is not a number.</summary>
    public static double? ToDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        float f => f,
        int i => i,
        IConvertible c and not string => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Compares doubles in Druid's (Java's) total order: NaN is greater than every other value, itself included.</summary>
    public static int CompareDoubles(double x, double y) => (double.IsNaN(x), double.IsNaN(y)) switch
    {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => -1,
        _ => x.CompareTo(y),
    };

    /// <summary>Compares a long with a double without rounding the long to a double.</summary>
    public static int CompareExactly(long x, double y)
    {
        if (double.IsNaN(y) || y >= 9223372036854775808.0)
        {
            return -1;
        }

        if (y < -9223372036854775808.0)
        {
            return 1;
        }

        var floor = Math.Floor(y);
        var whole = (long)floor;
        if (x != whole)
        {
            return x < whole ? -1 : 1;
        }

        return floor == y ? 0 : -1;
    }

    private static long? ToLong(object? value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        uint u => u,
        ushort us => us,
        _ => null,
    };
}
