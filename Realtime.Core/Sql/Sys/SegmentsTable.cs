using System.Security.Claims;
using System.Text.Json;
using Realtime.Abstractions.Time;
using Realtime.Core.Security;
using Realtime.Core.Sql.Catalog;

namespace Realtime.Core.Sql.Sys;

/// <summary>
/// <c>sys.segments</c>: every segment the node knows (<see cref="ISystemCatalog"/>), one row each, with Druid's columns
/// and the newer <c>is_active</c>. With a user, only segments of data sources it may READ.
/// </summary>
/// <remarks>
/// <c>num_rows</c> is 0 when the node does not hold the segment (Druid: "zero if not known"); <c>shard_spec</c>,
/// <c>dimensions</c> and <c>metrics</c> are null for a sink not yet pushed; <c>last_compaction_state</c> is always
/// null (the node never compacts). A published segment is overshadowed when a published segment of a higher version
/// covers its interval.
/// </remarks>
public sealed class SegmentsTable(ISystemCatalog catalog, IResourceAuthorizer authorizer) : ISqlSystemTable
{
    private static readonly IReadOnlyList<SqlColumn> SegmentColumns =
    [
        new("segment_id", SqlColumnType.Varchar),
        new("datasource", SqlColumnType.Varchar),
        new("start", SqlColumnType.Varchar),
        new("end", SqlColumnType.Varchar),
        new("size", SqlColumnType.Bigint),
        new("version", SqlColumnType.Varchar),
        new("partition_num", SqlColumnType.Bigint),
        new("num_replicas", SqlColumnType.Bigint),
        new("num_rows", SqlColumnType.Bigint),
        new("is_active", SqlColumnType.Bigint),
        new("is_published", SqlColumnType.Bigint),
        new("is_available", SqlColumnType.Bigint),
        new("is_realtime", SqlColumnType.Bigint),
        new("is_overshadowed", SqlColumnType.Bigint),
        new("shard_spec", SqlColumnType.Varchar),
        new("dimensions", SqlColumnType.Varchar),
        new("metrics", SqlColumnType.Varchar),
        new("last_compaction_state", SqlColumnType.Varchar),
    ];

    /// <inheritdoc />
    public string Schema => SysSchema.Name;

    /// <inheritdoc />
    public string Name => "segments";

    /// <inheritdoc />
    public IReadOnlyList<SqlColumn> Columns => SegmentColumns;

    /// <inheritdoc />
    public async Task<IReadOnlyList<object?[]>> ReadRowsAsync(ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        var segments = (await catalog.ListSegmentsAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => SysSchema.MayRead(authorizer, user, s.DataSource))
            .ToList();
        var published = segments.Where(s => s.Published).Select(s => (s.DataSource, s.Version, Interval: Interval.Parse(s.Interval))).ToList();
        return [.. segments.Select(s => Row(s, published))];
    }

    private static object?[] Row(SegmentReport segment, List<(string DataSource, string Version, Interval Interval)> published)
    {
        var interval = Interval.Parse(segment.Interval);
        var available = segment.Servers.Count > 0;
        var realtime = available && segment.State != SegmentState.HandedOff;
        var overshadowed = segment.Published && published.Any(p => p.DataSource == segment.DataSource
            && string.CompareOrdinal(p.Version, segment.Version) > 0
            && p.Interval.Contains(interval));
        var descriptor = segment.Descriptor;
        return
        [
            segment.Id,
            segment.DataSource,
            DateTimes.Format(interval.StartMillis),
            DateTimes.Format(interval.EndMillis),
            segment.Size,
            segment.Version,
            (long)segment.Partition,
            (long)segment.Servers.Count,
            segment.Rows ?? 0L,
            Flag((segment.Published && !overshadowed) || realtime),
            Flag(segment.Published),
            Flag(available),
            Flag(realtime),
            Flag(overshadowed),
            descriptor?.ShardSpec?.GetRawText(),
            descriptor is null ? null : NameList(descriptor.Dimensions),
            descriptor is null ? null : NameList(descriptor.Metrics),
            null,
        ];
    }

    private static long Flag(bool value) => value ? 1L : 0L;

    // Druid lists a segment's dimensions and metrics as JSON arrays of names.
    private static string NameList(string commaSeparated) =>
        JsonSerializer.Serialize(commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
