using System.Globalization;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Segments;

namespace Realtime.Core.Aggregation;

/// <summary>An aggregator that folds one numeric input field into a long, float or double column by sum, min or max.</summary>
/// <remarks>
/// Absent and null inputs are skipped; a value that is not a number (or a list of values) is reported as a parse
/// error for the row and skipped. A long column truncates fractional inputs toward zero.
/// </remarks>
public abstract class NumericAggregatorFactory : AggregatorFactory
{
    private protected NumericAggregatorFactory(ColumnType columnType, NumericOp op)
        : base(columnType) => Op = op;

    /// <summary>The input field.</summary>
    public string FieldName { get; init; } = "";

    /// <inheritdoc />
    [JsonIgnore]
    public override IReadOnlyList<string> RequiredFields => [FieldName];

    /// <summary>How values are folded.</summary>
    internal NumericOp Op { get; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        RequireFieldName(FieldName);
    }

    /// <inheritdoc />
    public override object? Combine(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left ?? right;
        }

        return ColumnType switch
        {
            ColumnType.Long => NumericOps.Fold(Op, Convert.ToInt64(left, CultureInfo.InvariantCulture), Convert.ToInt64(right, CultureInfo.InvariantCulture)),
            ColumnType.Float => NumericOps.Fold(Op, Convert.ToSingle(left, CultureInfo.InvariantCulture), Convert.ToSingle(right, CultureInfo.InvariantCulture)),
            _ => (object)NumericOps.Fold(Op, Convert.ToDouble(left, CultureInfo.InvariantCulture), Convert.ToDouble(right, CultureInfo.InvariantCulture)),
        };
    }

    internal override MetricBuffer CreateBuffer() => ColumnType switch
    {
        ColumnType.Long => new LongMetricBuffer(Column, FieldName, Op),
        ColumnType.Float => new FloatMetricBuffer(Column, FieldName, Op),
        _ => new DoubleMetricBuffer(Column, FieldName, Op),
    };
}

/// <summary>Druid's <c>longSum</c>: a 64-bit integer sum.</summary>
public sealed class LongSumAggregatorFactory() : NumericAggregatorFactory(ColumnType.Long, NumericOp.Sum)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new LongSumAggregatorFactory { Name = Name, FieldName = Name };
}

/// <summary>Druid's <c>doubleSum</c>: a 64-bit floating point sum.</summary>
public sealed class DoubleSumAggregatorFactory() : NumericAggregatorFactory(ColumnType.Double, NumericOp.Sum)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new DoubleSumAggregatorFactory { Name = Name, FieldName = Name };
}

/// <summary>Druid's <c>floatSum</c>: a 32-bit floating point sum.</summary>
public sealed class FloatSumAggregatorFactory() : NumericAggregatorFactory(ColumnType.Float, NumericOp.Sum)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new FloatSumAggregatorFactory { Name = Name, FieldName = Name };
}

/// <summary>Druid's <c>longMin</c>: the smallest value as a 64-bit integer (identity <see cref="long.MaxValue"/>).</summary>
public sealed class LongMinAggregatorFactory() : NumericAggregatorFactory(ColumnType.Long, NumericOp.Min)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new LongMinAggregatorFactory { Name = Name, FieldName = Name };
}

/// <summary>Druid's <c>longMax</c>: the largest value as a 64-bit integer (identity <see cref="long.MinValue"/>).</summary>
public sealed class LongMaxAggregatorFactory() : NumericAggregatorFactory(ColumnType.Long, NumericOp.Max)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new LongMaxAggregatorFactory { Name = Name, FieldName = Name };
}

/// <summary>Druid's <c>doubleMin</c>: the smallest value as a double (identity +∞).</summary>
public sealed class DoubleMinAggregatorFactory() : NumericAggregatorFactory(ColumnType.Double, NumericOp.Min)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new DoubleMinAggregatorFactory { Name = Name, FieldName = Name };
}

/// <summary>Druid's <c>doubleMax</c>: the largest value as a double (identity −∞).</summary>
public sealed class DoubleMaxAggregatorFactory() : NumericAggregatorFactory(ColumnType.Double, NumericOp.Max)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new DoubleMaxAggregatorFactory { Name = Name, FieldName = Name };
}

/// <summary>Druid's <c>floatMin</c>: the smallest value as a float (identity +∞).</summary>
public sealed class FloatMinAggregatorFactory() : NumericAggregatorFactory(ColumnType.Float, NumericOp.Min)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new FloatMinAggregatorFactory { Name = Name, FieldName = Name };
}

/// <summary>Druid's <c>floatMax</c>: the largest value as a float (identity −∞).</summary>
public sealed class FloatMaxAggregatorFactory() : NumericAggregatorFactory(ColumnType.Float, NumericOp.Max)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new FloatMaxAggregatorFactory { Name = Name, FieldName = Name };
}

/// <summary>Druid's legacy <c>min</c> (as in the twitter example): the same as <c>doubleMin</c>.</summary>
public sealed class MinAggregatorFactory() : NumericAggregatorFactory(ColumnType.Double, NumericOp.Min)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new DoubleMinAggregatorFactory { Name = Name, FieldName = Name };
}

/// <summary>Druid's legacy <c>max</c> (as in the twitter example): the same as <c>doubleMax</c>.</summary>
public sealed class MaxAggregatorFactory() : NumericAggregatorFactory(ColumnType.Double, NumericOp.Max)
{
    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new DoubleMaxAggregatorFactory { Name = Name, FieldName = Name };
}
