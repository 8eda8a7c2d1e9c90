using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Components;
using Realtime.Abstractions.Segments;
using Realtime.Core.Components;

namespace Realtime.Core.Aggregation;

/// <summary>
/// An entry of the spec's <c>metricsSpec</c> (and later of a query's <c>aggregations</c>): how input rows are
/// folded into one stored metric column.
/// </summary>
/// <remarks>Instances are immutable once deserialized and may be shared between threads.</remarks>
[ComponentSlot("aggregator")]
public abstract class AggregatorFactory : IJsonOnDeserialized
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Sets the stored type; only this assembly defines aggregators, as the index folds them with its own columns.</summary>
    private protected AggregatorFactory(ColumnType columnType) => ColumnType = columnType;

    private string _name = "";

    /// <summary>The output column name.</summary>
    public string Name
    {
        get => _name;
        init => _name = value;
    }

    /// <summary>The input fields the aggregator reads.</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<string> RequiredFields { get; }

    /// <summary>The stored type of the column.</summary>
    [JsonIgnore]
    public ColumnType ColumnType { get; }

    /// <summary>For complex columns, the type name (for example <c>hyperUnique</c>); otherwise null.</summary>
    [JsonIgnore]
    public virtual string? ComplexTypeName => null;

    /// <summary>Whether the aggregator reads stored columns only, so queries may use it but <c>metricsSpec</c> may not.</summary>
    internal virtual bool IsQueryOnly => false;

    /// <summary>The name and type of the stored column.</summary>
    [JsonIgnore]
    public ColumnSchema Column => new(Name, ColumnType, ComplexTypeName);

    /// <summary>The spec type name this aggregator was registered under (for example <c>longSum</c>).</summary>
    [JsonIgnore]
    public string TypeName => ComponentTypeNames.Of(GetType());

    /// <summary>
    /// The aggregator that folds already-aggregated values of this column, reading the column by its own name:
    /// used when hydrants are merged and when partial query results are combined (<c>count</c> combines as a <c>longSum</c>).
    /// </summary>
    public abstract AggregatorFactory GetCombiningFactory();

    /// <summary>Combines two aggregated values of this column; null stands for "no value" and is the identity.</summary>
    /// <remarks>Sketches are never modified: a new one is returned.</remarks>
    public abstract object? Combine(object? left, object? right);

    /// <summary>The value a query reports for an aggregated value (a sketch's estimate); numbers are returned unchanged.</summary>
    public virtual object? FinalizeValue(object? value) => value;

    /// <summary>
    /// Reads an aggregated value back from a result that was not finalized (<c>finalize: false</c>), as a broker reads a
    /// data node's partial result: a number of the column's type, or the aggregator's state.
    /// </summary>
    /// <exception cref="FormatException">The JSON is not a value of this aggregator; the message names the aggregator.</exception>
    public virtual object? Deserialize(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new FormatException($"{TypeName} aggregator '{Name}': expected a number, found {value.ValueKind}.");
        }

        return ColumnType switch
        {
            ColumnType.Long => value.TryGetInt64(out var l) ? l : (long)value.GetDouble(),
            ColumnType.Float => value.GetSingle(),
            _ => (object)value.GetDouble(),
        };
    }

    /// <summary>Checks the spec fields.</summary>
    /// <exception cref="ArgumentException">A field is missing or wrong; the message names it.</exception>
    public virtual void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException($"{TypeName} aggregator: name is required.", nameof(Name));
        }
    }

    /// <summary>The aggregator as spec JSON, with its <c>type</c> first.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["type"] = TypeName };
        foreach (var (key, value) in JsonSerializer.SerializeToNode(this, GetType(), JsonOptions)!.AsObject())
        {
            json[key] = value?.DeepClone();
        }

        return json;
    }

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized()
    {
        try
        {
            Validate();
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <summary>Creates the in-memory column that folds input rows for an incremental index.</summary>
    internal abstract MetricBuffer CreateBuffer();

    /// <summary>Names the aggregator <paramref name="name"/> when the spec gave it no name.</summary>
    private protected void NameIfUnnamed(string name)
    {
        if (string.IsNullOrEmpty(_name))
        {
            _name = name;
        }
    }

    /// <summary>Throws when <paramref name="fieldName"/> is missing, naming the aggregator.</summary>
    private protected void RequireFieldName(string? fieldName)
    {
        if (string.IsNullOrWhiteSpace(fieldName))
        {
            throw new ArgumentException($"{TypeName} aggregator '{Name}': fieldName is required.", "fieldName");
        }
    }
}

/// <summary>Druid's <c>count</c>: the number of input rows folded into each stored row.</summary>
public sealed class CountAggregatorFactory() : AggregatorFactory(ColumnType.Long)
{
    /// <inheritdoc />
    [JsonIgnore]
    public override IReadOnlyList<string> RequiredFields => [];

    /// <inheritdoc />
    public override AggregatorFactory GetCombiningFactory() => new LongSumAggregatorFactory { Name = Name, FieldName = Name };

    /// <inheritdoc />
    public override object? Combine(object? left, object? right) => GetCombiningFactory().Combine(left, right);

    internal override MetricBuffer CreateBuffer() => new LongMetricBuffer(Column, null, NumericOp.Sum);
}
