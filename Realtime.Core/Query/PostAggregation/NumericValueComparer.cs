using System.Globalization;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>Orders aggregated values as numbers; null (and anything that is not a number) sorts first.</summary>
public sealed class NumericValueComparer : IComparer<object?>
{
    /// <summary>The shared instance.</summary>
    public static NumericValueComparer Instance { get; } = new();

    private NumericValueComparer()
    {
    }

    /// <inheritdoc />
    public int Compare(object? x, object? y) => (ToDouble(x), ToDouble(y)) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        var (a, b) => a.Value.CompareTo(b.Value),
    };

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
}
