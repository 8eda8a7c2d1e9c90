using System.Text.Json;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Components;
using Realtime.Core.Query;

namespace Realtime.Core.Tests.Query;

/// <summary>Reads and writes query components as the node does, and builds result rows for query tests.</summary>
internal static class QueryJson
{
    private static readonly JsonSerializerOptions Options = SpecJson.CreateOptions(ComponentRegistry.BuiltIn);

    public static T Read<T>(string json) => SpecJson.Deserialize<T>(json, Options, "query");

    public static T RoundTrip<T>(T value) => Read<T>(JsonSerializer.Serialize(value, Options));

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static SpecException Error<T>(string json) => Assert.Throws<SpecException>(() => Read<T>(json))!;

    public static long Millis(string iso) => DateTimes.ParseIso(iso);

    public static ResultRow Row(params (string Name, object? Value)[] values) => Row(0, values);

    public static ResultRow Row(long timestampMillis, params (string Name, object? Value)[] values) =>
        new(timestampMillis, values.ToDictionary(v => v.Name, v => v.Value));

    public static Dictionary<string, AggregatorFactory> Aggregators(params AggregatorFactory[] aggregators) =>
        aggregators.ToDictionary(a => a.Name);

    /// <summary>A sketch of <paramref name="count"/> distinct values.</summary>
    public static HyperLogLogCollector Sketch(int count)
    {
        var sketch = new HyperLogLogCollector();
        for (var i = 0; i < count; i++)
        {
            sketch.Add($"user{i}");
        }

        return sketch;
    }
}
