using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Segments;

namespace Realtime.Abstractions.Storage;

/// <summary>A segment's descriptor as Druid writes it: <c>descriptor.json</c> and the metadata row's payload.</summary>
public sealed record DataSegment
{
    /// <summary>The data source.</summary>
    public required string DataSource { get; init; }

    /// <summary>The segment interval in ISO-8601.</summary>
    public required string Interval { get; init; }

    /// <summary>The version: later versions overshadow earlier ones for the same interval.</summary>
    public required string Version { get; init; }

    /// <summary>Where deep storage put the segment, for example <c>{"type":"local","path":"…/index.zip"}</c>.</summary>
    public JsonElement? LoadSpec { get; init; }

    /// <summary>Comma-separated dimension names.</summary>
    public string Dimensions { get; init; } = "";

    /// <summary>Comma-separated metric names.</summary>
    public string Metrics { get; init; } = "";

    /// <summary>The shard spec JSON, for example <c>{"type":"numbered","partitionNum":0,"partitions":0}</c>.</summary>
    public JsonElement? ShardSpec { get; init; }

    /// <summary>The segment format version.</summary>
    public int BinaryVersion { get; init; } = 9;

    /// <summary>The segment's size in bytes before compression, as Druid records it; 0 until pushed.</summary>
    public long Size { get; init; }

    /// <summary>The partition number (also inside <see cref="ShardSpec"/>).</summary>
    [JsonIgnore]
    public int PartitionNum { get; init; }

    /// <summary>Druid's segment id.</summary>
    public string Identifier => Id.ToString();

    /// <summary>The segment's identity.</summary>
    [JsonIgnore]
    public SegmentId Id => new(DataSource, Time.Interval.Parse(Interval), Version, PartitionNum);
}
