using System.Text.Json;
using Realtime.Abstractions.Storage;

namespace Realtime.Core.Tests.Storage;

/// <summary>Segment descriptors for storage tests.</summary>
internal static class Segments
{
    public static DataSegment Wikipedia(string interval = "2013-08-31T00:00:00.000Z/2013-09-01T00:00:00.000Z", string? version = null, int partitionNum = 0, string dataSource = "wikipedia") => new()
    {
        DataSource = dataSource,
        Interval = interval,
        Version = version ?? interval[..interval.IndexOf('/')],
        Dimensions = "page,language,user",
        Metrics = "count,added",
        ShardSpec = JsonDocument.Parse($$"""{"type":"linear","partitionNum":{{partitionNum}}}""").RootElement,
        PartitionNum = partitionNum,
    };

    /// <summary>Writes a small segment directory with a nested file and returns the total bytes written.</summary>
    public static long WriteSegmentDirectory(string directory, string marker = "v1")
    {
        Directory.CreateDirectory(Path.Combine(directory, "columns"));
        File.WriteAllText(Path.Combine(directory, "version.bin"), "9");
        File.WriteAllText(Path.Combine(directory, "meta.smoosh"), $"meta {marker}");
        File.WriteAllBytes(Path.Combine(directory, "columns", "page.col"), Enumerable.Range(0, 5000).Select(i => (byte)(i % 7)).ToArray());
        return 1 + $"meta {marker}".Length + 5000;
    }
}
