using System.Collections.Immutable;
using System.Text.Json;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Broker;

/// <summary>
/// One data source's segments by interval, version and partition, with the servers announcing each: Druid's
/// <c>VersionedIntervalTimeline</c> as a broker keeps it, deciding which segments a query reads.
/// </summary>
/// <remarks>
/// <para>
/// A partition set is the segments of one interval and version. It is complete when its shard specs name no core
/// partition count (<c>none</c>, <c>linear</c>, <c>numbered</c> with <c>partitions</c> 0, unknown types, no shard spec)
/// or when every core partition 0..count-1 is present; partitions beyond the core count are read with the rest.
/// At each instant the newest complete set whose interval contains it is read, so an older set is read only over what
/// newer ones leave uncovered. An incomplete set hides nothing; where no complete set covers, the newest incomplete
/// set is read and its absent core partitions are reported as missing.
/// </para>
/// <para>All members may be called concurrently; they serialise on one lock and return immutable results.</para>
/// </remarks>
public sealed class SegmentTimeline
{
    private static readonly Comparer<PartitionSet> ByStart = Comparer<PartitionSet>.Create((a, b) =>
    {
        var order = a.Interval.StartMillis.CompareTo(b.Interval.StartMillis);
        order = order != 0 ? order : string.CompareOrdinal(a.Version, b.Version);
        return order != 0 ? order : a.Interval.EndMillis.CompareTo(b.Interval.EndMillis);
    });

    private static readonly Comparer<PartitionSet> ByVersion = Comparer<PartitionSet>.Create((a, b) =>
    {
        var order = string.CompareOrdinal(a.Version, b.Version);
        order = order != 0 ? order : a.Interval.StartMillis.CompareTo(b.Interval.StartMillis);
        return order != 0 ? order : a.Interval.EndMillis.CompareTo(b.Interval.EndMillis);
    });

    private readonly Lock _gate = new();
    private readonly Dictionary<SegmentId, Holding> _segments = [];
    private readonly Dictionary<(Interval Interval, string Version), PartitionSet> _sets = [];
    private string? _dataSource;
    private PartitionSet[]? _setsByStart;
    private long[] _latestEndUpTo = [];

    /// <summary>Records <paramref name="server"/> (a <c>host:port</c> name) as holding <paramref name="segment"/>; adding a holder twice changes nothing.</summary>
    /// <remarks>The first announcement of a segment id supplies the segment kept for it.</remarks>
    /// <exception cref="ArgumentException">The server name is empty, or the segment belongs to another data source than the segments in the timeline.</exception>
    /// <exception cref="FormatException">The segment's interval is not ISO-8601.</exception>
    public void Add(DataSegment segment, string server)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentException.ThrowIfNullOrEmpty(server);
        var id = segment.Id;
        lock (_gate)
        {
            if (_segments.TryGetValue(id, out var known))
            {
                known.AddServer(server);
                return;
            }

            if (_segments.Count == 0)
            {
                _dataSource = id.DataSource;
            }
            else if (id.DataSource != _dataSource)
            {
                throw new ArgumentException($"Segment {id} belongs to data source '{id.DataSource}', but this timeline holds '{_dataSource}'.", nameof(segment));
            }

            var key = (id.Interval, id.Version);
            if (!_sets.TryGetValue(key, out var set))
            {
                set = new PartitionSet(id.Interval, id.Version);
                _sets.Add(key, set);
                _setsByStart = null;
            }

            var holding = new Holding(segment, CorePartitionsOf(segment.ShardSpec), [server]);
            set.Partitions.Add(id.PartitionNum, holding);
            _segments.Add(id, holding);
        }
    }

    /// <summary>Removes <paramref name="server"/> as a holder of segment <paramref name="id"/>; the segment leaves the timeline with its last holder.</summary>
    /// <returns>Whether the server held the segment.</returns>
    public bool Remove(SegmentId id, string server)
    {
        ArgumentNullException.ThrowIfNull(server);
        lock (_gate)
        {
            if (!_segments.TryGetValue(id, out var holding) || !holding.RemoveServer(server))
            {
                return false;
            }

            if (holding.Servers.IsEmpty)
            {
                _segments.Remove(id);
                var key = (id.Interval, id.Version);
                var set = _sets[key];
                set.Partitions.Remove(id.PartitionNum);
                if (set.Partitions.Count == 0)
                {
                    _sets.Remove(key);
                    _setsByStart = null;
                }
            }

            return true;
        }
    }

    /// <summary>The servers holding segment <paramref name="id"/> now, in the order they announced it; empty when none does.</summary>
    public IReadOnlyList<string> ServersOf(SegmentId id)
    {
        lock (_gate)
        {
            return _segments.TryGetValue(id, out var holding) ? holding.Servers : [];
        }
    }

    /// <summary>Every segment in the timeline with its holders, overshadowed or not, in interval-start, version and partition order; each descriptor covers the whole segment interval.</summary>
    public IReadOnlyList<TimelineSegment> All
    {
        get
        {
            lock (_gate)
            {
                return [.. SetsByStart().SelectMany(set => set.Partitions.Values.Select(holding => holding.Read(set.Interval)))];
            }
        }
    }

    /// <summary>What a query over <paramref name="intervals"/> reads: the visible segments, each clipped to the part it is read over, and the absent partitions of incomplete sets.</summary>
    /// <param name="intervals">The query intervals, expected sorted and non-overlapping; overlapping ones are merged first.</param>
    /// <returns>Segments and missing descriptors in time order, then partition order.</returns>
    public TimelineLookup Lookup(IReadOnlyList<Interval> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var segments = new List<TimelineSegment>();
        var missing = new List<SegmentDescriptor>();
        lock (_gate)
        {
            foreach (var interval in Condense(intervals))
            {
                foreach (var (set, piece) in VisiblePieces(interval))
                {
                    segments.AddRange(set.Partitions.Values.Select(holding => holding.Read(piece)));
                    missing.AddRange(set.AbsentCorePartitions().Select(partition => new SegmentDescriptor(piece, set.Version, partition)));
                }
            }
        }

        return new TimelineLookup([.. segments], [.. missing]);
    }

    /// <summary>The sets overlapping <paramref name="query"/>, each with the largest piece of it it is read over, in time order.</summary>
    private List<(PartitionSet Set, Interval Piece)> VisiblePieces(Interval query)
    {
        var clipped = Overlapping(query)
            .Select(set => (Set: set, Start: Math.Max(set.Interval.StartMillis, query.StartMillis), End: Math.Min(set.Interval.EndMillis, query.EndMillis)))
            .Where(c => c.Start < c.End)
            .ToList();
        var byEnd = clipped.OrderBy(c => c.End).ToList();
        var boundaries = clipped.SelectMany(c => new[] { c.Start, c.End }).Append(query.StartMillis).Append(query.EndMillis).Distinct().Order().ToList();

        var complete = new SortedSet<PartitionSet>(ByVersion);
        var incomplete = new SortedSet<PartitionSet>(ByVersion);
        var pieces = new List<(PartitionSet, Interval)>();
        PartitionSet? reading = null;
        var readingFrom = query.StartMillis;
        int nextStart = 0, nextEnd = 0;
        foreach (var at in boundaries)
        {
            for (; nextEnd < byEnd.Count && byEnd[nextEnd].End <= at; nextEnd++)
            {
                (byEnd[nextEnd].Set.IsComplete ? complete : incomplete).Remove(byEnd[nextEnd].Set);
            }

            for (; nextStart < clipped.Count && clipped[nextStart].Start <= at; nextStart++)
            {
                (clipped[nextStart].Set.IsComplete ? complete : incomplete).Add(clipped[nextStart].Set);
            }

            var visible = complete.Count > 0 ? complete.Max : incomplete.Max;
            if (visible == reading)
            {
                continue;
            }

            if (reading is not null)
            {
                pieces.Add((reading, new Interval(readingFrom, at)));
            }

            reading = visible;
            readingFrom = at;
        }

        return pieces;
    }

    /// <summary>The sets whose interval overlaps <paramref name="query"/>, in start order.</summary>
    private IEnumerable<PartitionSet> Overlapping(Interval query)
    {
        var sets = SetsByStart();
        int low = 0, high = sets.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_latestEndUpTo[middle] > query.StartMillis)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        for (var i = low; i < sets.Length && sets[i].Interval.StartMillis < query.EndMillis; i++)
        {
            if (sets[i].Interval.EndMillis > query.StartMillis)
            {
                yield return sets[i];
            }
        }
    }

    /// <summary>The sets in start order, with the latest end among each prefix; rebuilt after a set comes or goes.</summary>
    private PartitionSet[] SetsByStart()
    {
        if (_setsByStart is { } sorted)
        {
            return sorted;
        }

        sorted = [.. _sets.Values.Order(ByStart)];
        var latestEnd = new long[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            latestEnd[i] = Math.Max(i == 0 ? long.MinValue : latestEnd[i - 1], sorted[i].Interval.EndMillis);
        }

        _latestEndUpTo = latestEnd;
        _setsByStart = sorted;
        return sorted;
    }

    private static List<Interval> Condense(IReadOnlyList<Interval> intervals)
    {
        var condensed = new List<Interval>(intervals.Count);
        foreach (var interval in intervals.Where(i => i.StartMillis < i.EndMillis).OrderBy(i => i.StartMillis))
        {
            if (condensed.Count > 0 && condensed[^1].EndMillis > interval.StartMillis)
            {
                condensed[^1] = condensed[^1] with { EndMillis = Math.Max(condensed[^1].EndMillis, interval.EndMillis) };
            }
            else
            {
                condensed.Add(interval);
            }
        }

        return condensed;
    }

    /// <summary>The core partition count a shard spec names: <c>numCorePartitions</c>, or <c>partitions</c> of a numbered or hashed spec; 0 when it names none.</summary>
    private static int CorePartitionsOf(JsonElement? shardSpec)
    {
        if (shardSpec is not { ValueKind: JsonValueKind.Object } spec)
        {
            return 0;
        }

        if (IntOf(spec, "numCorePartitions") is { } numCorePartitions)
        {
            return Math.Max(numCorePartitions, 0);
        }

        var type = spec.TryGetProperty("type", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        return type is "numbered" or "hashed" && IntOf(spec, "partitions") is { } partitions ? Math.Max(partitions, 0) : 0;
    }

    private static int? IntOf(JsonElement spec, string property) =>
        spec.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    /// <summary>The segments of one interval and version, by partition number.</summary>
    private sealed class PartitionSet(Interval interval, string version)
    {
        public Interval Interval { get; } = interval;

        public string Version { get; } = version;

        public SortedDictionary<int, Holding> Partitions { get; } = [];

        public bool IsComplete => !AbsentCorePartitions().Any();

        public IEnumerable<int> AbsentCorePartitions() =>
            Enumerable.Range(0, Partitions.Values.Max(holding => holding.CorePartitions)).Where(partition => !Partitions.ContainsKey(partition));
    }

    /// <summary>A segment and the servers holding it, in the order they announced it.</summary>
    private sealed class Holding(DataSegment segment, int corePartitions, ImmutableArray<string> servers)
    {
        public DataSegment Segment { get; } = segment;

        public int CorePartitions { get; } = corePartitions;

        public ImmutableArray<string> Servers { get; private set; } = servers;

        public void AddServer(string server)
        {
            if (!Servers.Contains(server))
            {
                Servers = Servers.Add(server);
            }
        }

        public bool RemoveServer(string server)
        {
            var remaining = Servers.Remove(server);
            var removed = remaining.Length != Servers.Length;
            Servers = remaining;
            return removed;
        }

        public TimelineSegment Read(Interval piece) => new(Segment, new SegmentDescriptor(piece, Segment.Version, Segment.PartitionNum), Servers);
    }
}

/// <summary>A segment a query reads, the descriptor to send for it, and the servers holding it.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Descriptor">The descriptor to send: <c>itvl</c> is the part of the segment's interval to read, clipped to the query intervals and to what newer versions leave visible.</param>
/// <param name="Servers">The <c>host:port</c> names of the servers holding the segment, in the order they announced it.</param>
public sealed record TimelineSegment(DataSegment Segment, SegmentDescriptor Descriptor, IReadOnlyList<string> Servers);

/// <summary>What a query reads, and what it should read but no server announces.</summary>
/// <param name="Segments">The segments to read, in time order, then partition order.</param>
/// <param name="Missing">The absent core partitions of incomplete partition sets, over the parts those sets are read.</param>
public sealed record TimelineLookup(IReadOnlyList<TimelineSegment> Segments, IReadOnlyList<SegmentDescriptor> Missing);
