using System.Text.Json;
using Realtime.Abstractions.Storage;

namespace Realtime.Core.Storage;

/// <summary>Reads and writes a <see cref="DataSegment"/> as Druid's segment JSON, the form of <c>descriptor.json</c> and of the metadata row's payload.</summary>
public static class DataSegmentJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The segment as compact UTF-8 JSON: dataSource, interval, version, loadSpec, dimensions, metrics, shardSpec, binaryVersion, size, identifier.</summary>
    public static byte[] Serialize(DataSegment segment) => JsonSerializer.SerializeToUtf8Bytes(segment, Options);

    /// <summary>Reads segment JSON; the partition number is taken from <c>shardSpec.partitionNum</c> (0 when absent).</summary>
    /// <exception cref="JsonException">The JSON is not a segment; the message names the problem.</exception>
    public static DataSegment Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        var segment = JsonSerializer.Deserialize<DataSegment>(utf8Json, Options)
            ?? throw new JsonException("A segment object is required, not null.");
        return segment with { PartitionNum = PartitionNumOf(segment.ShardSpec) };
    }

    /// <summary>Reads a JSON array of segments, as a segment announcement holds them.</summary>
    /// <exception cref="JsonException">The JSON is not an array of segments; the message names the problem.</exception>
    public static IReadOnlyList<DataSegment> DeserializeArray(ReadOnlySpan<byte> utf8Json)
    {
        var segments = JsonSerializer.Deserialize<DataSegment[]>(utf8Json, Options)
            ?? throw new JsonException("An array of segments is required, not null.");
        return [.. segments.Select(segment => segment is null
            ? throw new JsonException("A segment object is required, not null.")
            : segment with { PartitionNum = PartitionNumOf(segment.ShardSpec) })];
    }

    private static int PartitionNumOf(JsonElement? shardSpec) =>
        shardSpec is { ValueKind: JsonValueKind.Object } spec
        && spec.TryGetProperty("partitionNum", out var number)
        && number.TryGetInt32(out var partitionNum)
            ? partitionNum
            : 0;
}
