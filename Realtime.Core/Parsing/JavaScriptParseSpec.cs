namespace Realtime.Core.Parsing;

/// <summary>Druid's <c>javascript</c> format, recognised only to reject it: JavaScript functions are not run.</summary>
public sealed class JavaScriptParseSpec : ParseSpec
{
    /// <summary>The JavaScript function Druid would run.</summary>
    public string? Function { get; init; }

    /// <inheritdoc />
    internal override FlattenPlan CreateFlattenPlan(RowAssembler row, string path) =>
        throw new ArgumentException(
            $"{path}.format 'javascript' is not supported: JavaScript functions are not run. Use 'regex', 'json' or a transformSpec with expressions instead.");
}
