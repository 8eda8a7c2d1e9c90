using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Core.Filters;

namespace Realtime.Core.Tests.Filters;

/// <summary>Rows and filter JSON for filter tests.</summary>
internal static class FilterRows
{
    private static readonly SpecSerializer Spec = new(ComponentRegistry.BuiltIn);

    public static InputRow Row(params (string Name, object? Value)[] fields) => Row(0, fields);

    public static InputRow Row(long timestamp, params (string Name, object? Value)[] fields) =>
        new MapInputRow(timestamp, fields.Select(f => f.Name).ToArray(), fields.ToDictionary(f => f.Name, f => f.Value));

    public static DimFilter Filter(string json) => Spec.Deserialize<DimFilter>(json);

    public static bool Matches(this DimFilter filter, InputRow row) => filter.CreateRowMatcher()(row);

    public static bool Matches(string filterJson, InputRow row) => Filter(filterJson).Matches(row);
}
