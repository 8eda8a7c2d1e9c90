namespace Realtime.Core.Parsing;

/// <summary>The <c>json</c> format: one JSON object per message, optionally flattened by a <see cref="FlattenSpec"/>.</summary>
public sealed class JsonParseSpec : ParseSpec
{
    /// <summary>How nested values become fields; root scalars and lists are discovered when absent.</summary>
    public FlattenSpec? FlattenSpec { get; init; }

    /// <inheritdoc />
    internal override FlattenPlan CreateFlattenPlan(RowAssembler row, string path) =>
        FlattenSpec is null ? FlattenPlan.Discovery(lowercaseKeys: false) : FlattenPlan.Create(FlattenSpec, row, $"{path}.flattenSpec");
}
