using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Segments;

namespace Realtime.Core.Aggregation;

/// <summary>
/// Druid's <c>hyperUnique</c>: a HyperLogLog sketch of the distinct values of an input field (every value of a
/// list), finalized to the estimated count (rounded to a long when <see cref="Round"/> is set).
/// </summary>
public sealed class HyperUniqueAggregatorFactory() : AggregatorFactory(ColumnType.Complex)
{
    /// <summary>The complex type name of the stored column.</summary>
    public const string TypeNameOfColumn = "hyperUnique";

    /// <summary>The input field.</summary>
    public string FieldName { get; init; } = "";

    /// <summary>When true the input already holds sketches (a collector, its bytes, or their Base64 text), which are folded.</summary>
    public bool IsInputHyperUnique { get; init; }

    /// <summary>When true a query reports the estimate rounded to the nearest long instead of a double.</summary>
    public bool Round { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override IReadOnlyList<string> RequiredFields => [FieldName];

    /// <inheritdoc />
    [JsonIgnore]
    public override string? ComplexTypeName => TypeNameOfColumn;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        RequireFieldName(FieldName);
    }

    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() =>
        new HyperUniqueAggregatorFactory { Name = Name, FieldName = Name, IsInputHyperUnique = true, Round = Round };

    /// <inheritdoc />
    public override object? Combine(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left ?? right;
        }

        var combined = ((HyperLogLogCollector)left).Clone();
        combined.Fold((HyperLogLogCollector)right);
        return combined;
    }

    /// <summary>The sketch's estimated distinct count (0 for no sketch): a double, or a long when <see cref="Round"/> is set.</summary>
    public override object? FinalizeValue(object? value)
    {
        var estimate = value is HyperLogLogCollector collector ? collector.Estimate() : 0.0;
        return Round ? (long)Math.Round(estimate, MidpointRounding.AwayFromZero) : estimate;
    }

    /// <summary>Reads a sketch written as its Base64 bytes.</summary>
    /// <exception cref="FormatException">The value is not the Base64 bytes of a sketch.</exception>
    public override object? Deserialize(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => HyperLogLogCollector.FromBytes(value.GetBytesFromBase64()),
        _ => throw new FormatException($"{TypeName} aggregator '{Name}': expected the Base64 bytes of a sketch, found {value.ValueKind}."),
    };

    internal override MetricBuffer CreateBuffer() => new HyperUniqueMetricBuffer(Column, FieldName, IsInputHyperUnique);

    /// <summary>Folds a raw sketch input into <paramref name="collector"/>.</summary>
    /// <returns>Null, or a message naming <paramref name="field"/> when the input is not a sketch.</returns>
    internal static string? FoldSketch(HyperLogLogCollector collector, object raw, string field)
    {
        try
        {
            collector.Fold(raw switch
            {
                HyperLogLogCollector sketch => sketch,
                byte[] bytes => HyperLogLogCollector.FromBytes(bytes),
                string base64 => HyperLogLogCollector.FromBytes(Convert.FromBase64String(base64)),
                _ => throw new InvalidDataException("not a sketch"),
            });
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            return $"field '{field}': the value is not a hyperUnique sketch ({e.Message})";
        }
    }
}
