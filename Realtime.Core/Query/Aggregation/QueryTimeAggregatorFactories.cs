using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Segments;
using Realtime.Core.Aggregation;
using Realtime.Core.Filters;
using Realtime.Core.Query.Dimensions;

namespace Realtime.Core.Query.Aggregation;

/// <summary>Base of the aggregators that only queries use: they read stored columns, never input rows.</summary>
public abstract class QueryTimeAggregatorFactory : AggregatorFactory
{
    private protected QueryTimeAggregatorFactory(ColumnType columnType)
        : base(columnType)
    {
    }

    internal override bool IsQueryOnly => true;

    internal override MetricBuffer CreateBuffer() =>
        throw new NotSupportedException($"The {TypeName} aggregator '{Name}' is available in queries only, not in metricsSpec.");
}

/// <summary>Druid's <c>filtered</c> aggregator: <see cref="Aggregator"/> over the rows that match <see cref="Filter"/>.</summary>
public sealed class FilteredAggregatorFactory() : QueryTimeAggregatorFactory(ColumnType.Complex)
{
    /// <summary>The rows aggregated.</summary>
    [JsonRequired]
    public DimFilter Filter { get; init; } = null!;

    /// <summary>The aggregator applied to matching rows; its name is the output name.</summary>
    [JsonRequired]
    public AggregatorFactory Aggregator { get; init; } = null!;

    /// <inheritdoc />
    [JsonIgnore]
    public override IReadOnlyList<string> RequiredFields => Aggregator.RequiredFields;

    /// <inheritdoc />
    public override void Validate()
    {
        if (Aggregator is not null)
        {
            NameIfUnnamed(Aggregator.Name);
        }

        base.Validate();
    }

    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => Aggregator.GetCombiningFactory();

    /// <inheritdoc />
    public override object? Combine(object? left, object? right) => Aggregator.Combine(left, right);

    /// <inheritdoc />
    public override object? FinalizeValue(object? value) => Aggregator.FinalizeValue(value);

    /// <inheritdoc />
    public override object? Deserialize(JsonElement value) => Aggregator.Deserialize(value);
}

/// <summary>
/// Druid's <c>cardinality</c> aggregator: a HyperLogLog estimate of the distinct values of <see cref="Fields"/>
/// (each value of each field) or, with <see cref="ByRow"/>, of the distinct combinations per row.
/// </summary>
public sealed class CardinalityAggregatorFactory() : QueryTimeAggregatorFactory(ColumnType.Complex)
{
    /// <summary>The dimensions read (names or dimension specs).</summary>
    public List<DimensionSpec> Fields { get; init; } = [];

    /// <summary>Whether combinations of values per row are counted instead of values.</summary>
    public bool ByRow { get; init; }

    /// <summary>Whether the estimate is rounded to a whole number.</summary>
    public bool Round { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override IReadOnlyList<string> RequiredFields => Fields.Select(f => f.Dimension).ToArray();

    /// <inheritdoc />
    [JsonIgnore]
    public override string? ComplexTypeName => HyperUniqueAggregatorFactory.TypeNameOfColumn;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Fields.Count == 0)
        {
            throw new ArgumentException($"cardinality aggregator '{Name}': fields is required.", "fields");
        }
    }

    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() =>
        new HyperUniqueAggregatorFactory { Name = Name, FieldName = Name, IsInputHyperUnique = true, Round = Round };

    /// <inheritdoc />
    public override object? Combine(object? left, object? right) => GetCombiningFactory().Combine(left, right);

    /// <inheritdoc />
    public override object? FinalizeValue(object? value) => GetCombiningFactory().FinalizeValue(value);

    /// <inheritdoc />
    public override object? Deserialize(JsonElement value) => GetCombiningFactory().Deserialize(value);
}

/// <summary>A value with the timestamp of the row it came from: the state of first/last aggregators.</summary>
/// <param name="TimestampMillis">The row's timestamp.</param>
/// <param name="Value">The value, a long or a double.</param>
public sealed record TimedValue(long TimestampMillis, object Value);

/// <summary>
/// Druid's <c>longFirst</c>, <c>longLast</c>, <c>doubleFirst</c>, <c>doubleLast</c>, <c>floatFirst</c> and
/// <c>floatLast</c>: the value of the earliest (or latest) row by timestamp.
/// </summary>
public abstract class FirstLastAggregatorFactory : QueryTimeAggregatorFactory
{
    private protected FirstLastAggregatorFactory(ColumnType columnType, bool last)
        : base(columnType) => IsLast = last;

    /// <summary>The column read.</summary>
    public string FieldName { get; init; } = "";

    /// <summary>Whether the latest row wins (else the earliest).</summary>
    [JsonIgnore]
    public bool IsLast { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override IReadOnlyList<string> RequiredFields => [FieldName];

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        RequireFieldName(FieldName);
    }

    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => this;

    /// <inheritdoc />
    public override object? Combine(object? left, object? right)
    {
        if (left is not TimedValue l || right is not TimedValue r)
        {
            return left ?? right;
        }

        return IsLast ? (r.TimestampMillis >= l.TimestampMillis ? r : l) : (r.TimestampMillis < l.TimestampMillis ? r : l);
    }

    /// <inheritdoc />
    public override object? FinalizeValue(object? value) => value switch
    {
        TimedValue timed => ColumnType switch
        {
            ColumnType.Long => Convert.ToInt64(timed.Value, CultureInfo.InvariantCulture),
            ColumnType.Float => Convert.ToSingle(timed.Value, CultureInfo.InvariantCulture),
            _ => Convert.ToDouble(timed.Value, CultureInfo.InvariantCulture),
        },
        _ => ColumnType == ColumnType.Long ? 0L : 0.0,
    };

    /// <summary>Reads the state <c>{"lhs": timestamp, "rhs": value}</c>.</summary>
    /// <exception cref="FormatException">The value is not such an object.</exception>
    public override object? Deserialize(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("lhs", out var lhs) || lhs.ValueKind != JsonValueKind.Number
            || !value.TryGetProperty("rhs", out var rhs))
        {
            throw new FormatException($"{TypeName} aggregator '{Name}': expected {{\"lhs\": timestamp, \"rhs\": value}}, found {value.ValueKind}.");
        }

        return base.Deserialize(rhs) is { } read ? new TimedValue(lhs.GetInt64(), read) : null;
    }
}

/// <summary>Druid's <c>longFirst</c>.</summary>
public sealed class LongFirstAggregatorFactory() : FirstLastAggregatorFactory(ColumnType.Long, last: false);

/// <summary>Druid's <c>longLast</c>.</summary>
public sealed class LongLastAggregatorFactory() : FirstLastAggregatorFactory(ColumnType.Long, last: true);

/// <summary>Druid's <c>doubleFirst</c>.</summary>
public sealed class DoubleFirstAggregatorFactory() : FirstLastAggregatorFactory(ColumnType.Double, last: false);

/// <summary>Druid's <c>doubleLast</c>.</summary>
public sealed class DoubleLastAggregatorFactory() : FirstLastAggregatorFactory(ColumnType.Double, last: true);

/// <summary>Druid's <c>floatFirst</c>.</summary>
public sealed class FloatFirstAggregatorFactory() : FirstLastAggregatorFactory(ColumnType.Float, last: false);

/// <summary>Druid's <c>floatLast</c>.</summary>
public sealed class FloatLastAggregatorFactory() : FirstLastAggregatorFactory(ColumnType.Float, last: true);
