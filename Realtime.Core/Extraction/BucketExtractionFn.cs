using System.Globalization;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Values;

namespace Realtime.Core.Extraction;

/// <summary>
/// The <c>bucket</c> extraction function: a number replaced by the start of its bucket, <c>floor((v - offset) / size) * size + offset</c>;
/// text that is not a number gives null.
/// </summary>
public sealed class BucketExtractionFn : ExtractionFn
{
    /// <summary>The width of the buckets; 1 unless set.</summary>
    public double Size { get; init; } = 1;

    /// <summary>Where the buckets are counted from; 0 unless set.</summary>
    public double Offset { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        if (!(Size > 0) || !double.IsFinite(Size))
        {
            throw new ArgumentException($"bucket extraction function: size must be a positive number; got {DimensionValues.ToText(Size)}.");
        }

        if (!double.IsFinite(Offset))
        {
            throw new ArgumentException($"bucket extraction function: offset must be a finite number; got {DimensionValues.ToText(Offset)}.");
        }
    }

    /// <inheritdoc />
    public override string? Apply(string? value) => FilterNumbers.TryDouble(value, out var number) ? Bucket(number) : null;

    /// <inheritdoc />
    public override string? Apply(long value) => Bucket(value);

    /// <inheritdoc />
    public override string? Apply(double value) => double.IsFinite(value) ? Bucket(value) : null;

    private string Bucket(double value)
    {
        var start = Math.Floor((value - Offset) / Size) * Size + Offset;
        return Math.Abs(start) < 1e18 && start == Math.Floor(start)
            ? ((long)start).ToString(CultureInfo.InvariantCulture)
            : DimensionValues.ToText(start)!;
    }
}
