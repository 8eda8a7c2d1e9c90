using System.Text.Json.Serialization;
using Realtime.Core.Extraction;

namespace Realtime.Core.Query.Dimensions;

/// <summary>
/// The <c>lookup</c> dimension spec: the column's values replaced through the inline <see cref="Lookup"/>, as the
/// <c>lookup</c> extraction function does. A registered lookup (<see cref="Name"/>) is refused: this node has no registry.
/// </summary>
public sealed class LookupDimensionSpec : ColumnDimensionSpec
{
    private LookupExtractionFn? _extractionFn;

    /// <summary>The lookup, such as <c>{"type": "map", "map": {"foo": "bar"}}</c>.</summary>
    public LookupExtractor? Lookup { get; init; }

    /// <summary>Whether a value the lookup lacks stays as it is.</summary>
    public bool RetainMissingValue { get; init; }

    /// <summary>What a value the lookup lacks becomes; null (the same as empty) unless set.</summary>
    public string? ReplaceMissingValueWith { get; init; }

    /// <summary>The name of a registered lookup; refused, as this node keeps no lookup registry.</summary>
    public string? Name { get; init; }

    /// <summary>Druid's hint to rewrite filters on looked-up values; accepted and kept, with no effect here.</summary>
    public bool Optimize { get; init; } = true;

    /// <summary>The <c>lookup</c> extraction function these fields describe.</summary>
    [JsonIgnore]
    public override ExtractionFn? ExtractionFn => _extractionFn ??= new LookupExtractionFn
    {
        Lookup = Lookup,
        RetainMissingValue = RetainMissingValue,
        ReplaceMissingValueWith = ReplaceMissingValueWith,
        Optimize = Optimize,
    };

    /// <inheritdoc />
    private protected override string TypeName => "lookup";

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Name is not null)
        {
            throw new ArgumentException(
                $"lookup dimension spec: name '{Name}' refers to a registered lookup, and this node has no lookup registry; " +
                "give the map inline with \"lookup\": {\"type\": \"map\", \"map\": {…}}.");
        }

        LookupExtractionFn.Validate(Lookup, RetainMissingValue, ReplaceMissingValueWith, "lookup dimension spec");
    }
}
