using System.Text.Json;
using Realtime.Abstractions.Time;
using Realtime.Core.Components;

namespace Realtime.Core.Tests.Query;

/// <summary>Reads and writes query components as the node does.</summary>
internal static class QueryJson
{
    private static readonly JsonSerializerOptions Options = SpecJson.CreateOptions(ComponentRegistry.BuiltIn);

    public static T Read<T>(string json) => SpecJson.Deserialize<T>(json, Options, "query");

    public static T RoundTrip<T>(T value) => Read<T>(JsonSerializer.Serialize(value, Options));

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static SpecException Error<T>(string json) => Assert.Throws<SpecException>(() => Read<T>(json))!;

    public static long Millis(string iso) => DateTimes.ParseIso(iso);
}
