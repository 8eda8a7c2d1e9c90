namespace Realtime.Core.Parsing;

/// <summary>The deprecated <c>jsonLowercase</c> format: JSON whose field names are lower-cased before use.</summary>
public sealed class JsonLowercaseParseSpec : ParseSpec
{
    /// <inheritdoc />
    internal override FlattenPlan CreateFlattenPlan(RowAssembler row, string path) => FlattenPlan.Discovery(lowercaseKeys: true);
}
