using Realtime.Abstractions.Time;

namespace Realtime.Abstractions.Segments;

/// <summary>Identifies a segment: data source, interval, version and partition number.</summary>
public readonly record struct SegmentId(string DataSource, Interval Interval, string Version, int PartitionNum)
{
    /// <summary>Druid's id: <c>dataSource_start_end_version</c>, with <c>_partitionNum</c> appended unless it is 0.</summary>
    public override string ToString()
    {
        var id = $"{DataSource}_{Time.DateTimes.Format(Interval.StartMillis)}_{Time.DateTimes.Format(Interval.EndMillis)}_{Version}";
        return PartitionNum == 0 ? id : $"{id}_{PartitionNum}";
    }
}
