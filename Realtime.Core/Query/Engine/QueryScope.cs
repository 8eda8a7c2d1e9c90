using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// The indexes one query reads: the leases of every segment of its data sources that overlaps its intervals (or
/// that its segment descriptors name). Leases keep hydrants open across persists and handoffs until disposed.
/// </summary>
internal sealed class QueryScope : IDisposable
{
    private readonly List<SegmentLease> _leases = [];

    private QueryScope()
    {
    }

    /// <summary>The segments read, ordered by interval start, with their indexes.</summary>
    public List<(SegmentId Id, IReadOnlyList<IQueryableIndex> Indexes)> Segments { get; } = [];

    /// <summary>The segment descriptors of the query that name no segment this node serves (Druid's <c>missingSegments</c>).</summary>
    public IReadOnlyList<SegmentDescriptor> Missing { get; private set; } = [];

    /// <summary>Every index read.</summary>
    public IReadOnlyList<IQueryableIndex> Indexes => Segments.SelectMany(s => s.Indexes).ToArray();

    /// <summary>Acquires the segments <paramref name="query"/> reads from <paramref name="source"/>.</summary>
    public static QueryScope Acquire(ISegmentSource source, Model.Query query)
    {
        var scope = new QueryScope();
        var intervals = query.EffectiveIntervals;
        var descriptors = query.Intervals?.Segments;
        try
        {
            foreach (var table in query.DataSource.Tables)
            {
                foreach (var segment in source.GetSegments(table).OrderBy(s => s.Id.Interval.StartMillis).ThenBy(s => s.Id.PartitionNum))
                {
                    if (descriptors is not null ? !descriptors.Any(d => Addresses(d, segment.Id)) : !intervals.Any(i => i.Overlaps(segment.Id.Interval)))
                    {
                        continue;
                    }

                    var lease = segment.Acquire();
                    scope._leases.Add(lease);
                    scope.Segments.Add((segment.Id, lease.Indexes));
                }
            }

            if (descriptors is not null)
            {
                scope.Missing = [.. descriptors.Where(d => !scope.Segments.Any(s => Addresses(d, s.Id)))];
            }

            return scope;
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var lease in _leases)
        {
            lease.Dispose();
        }
    }

    private static bool Addresses(SegmentDescriptor descriptor, SegmentId id) =>
        id.Interval.Contains(descriptor.Interval) && descriptor.Version == id.Version && descriptor.Partition == id.PartitionNum;

    /// <summary>The start of the single bucket of granularity <c>all</c>: the earliest covered instant of the intervals.</summary>
    public static long AllBucketStart(IEnumerable<Interval> covered) => covered.Select(c => c.StartMillis).DefaultIfEmpty(0).Min();
}
