using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Transforms;

/// <summary>A row with transform results laid over an input row: a transformed field shadows the input field of that name.</summary>
/// <remarks>The dimensions are the input row's: a transform adds a dimension only when the dimensions spec lists its name.</remarks>
internal sealed class TransformedInputRow(InputRow inner, long timestampMillis, string[] names, object?[] values) : InputRow
{
    /// <inheritdoc />
    public override long TimestampMillis { get; } = timestampMillis;

    /// <inheritdoc />
    public override IReadOnlyList<string> Dimensions => inner.Dimensions;

    /// <inheritdoc />
    public override object? GetRaw(string column)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], column, StringComparison.Ordinal))
            {
                return values[i];
            }
        }

        return inner.GetRaw(column);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{{timestamp={DateTimes.Format(TimestampMillis)}, {string.Join(", ", names.Select((n, i) => $"{n}={DimensionValues.ToText(values[i])}"))} over {inner}}}";
}
