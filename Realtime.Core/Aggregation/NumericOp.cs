namespace Realtime.Core.Aggregation;

/// <summary>How a numeric aggregator folds values.</summary>
internal enum NumericOp
{
    /// <summary>Adds values; the identity is 0.</summary>
    Sum,

    /// <summary>Keeps the smallest value; the identity is the type's maximum (+∞ for floating types).</summary>
    Min,

    /// <summary>Keeps the largest value; the identity is the type's minimum (−∞ for floating types).</summary>
    Max,
}

/// <summary>The folding rules of <see cref="NumericOp"/> for each stored type.</summary>
internal static class NumericOps
{
    public static long LongIdentity(NumericOp op) => op switch
    {
        NumericOp.Min => long.MaxValue,
        NumericOp.Max => long.MinValue,
        _ => 0,
    };

    public static double DoubleIdentity(NumericOp op) => op switch
    {
        NumericOp.Min => double.PositiveInfinity,
        NumericOp.Max => double.NegativeInfinity,
        _ => 0,
    };

    public static long Fold(NumericOp op, long left, long right) => op switch
    {
        NumericOp.Min => Math.Min(left, right),
        NumericOp.Max => Math.Max(left, right),
        _ => left + right,
    };

    public static double Fold(NumericOp op, double left, double right) => op switch
    {
        NumericOp.Min => Math.Min(left, right),
        NumericOp.Max => Math.Max(left, right),
        _ => left + right,
    };

    public static float Fold(NumericOp op, float left, float right) => op switch
    {
        NumericOp.Min => Math.Min(left, right),
        NumericOp.Max => Math.Max(left, right),
        _ => left + right,
    };
}
