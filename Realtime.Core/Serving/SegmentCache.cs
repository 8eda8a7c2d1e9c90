using System.Collections.Concurrent;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Sdk;
using Realtime.Core.Plumbing;

namespace Realtime.Core.Serving;

/// <summary>
/// Segments the node serves after handoff, from local copies, as a historical node would: a single process
/// never loses queryable data when a sink is handed off.
/// </summary>
/// <remarks>Thread-safe. A segment added under an id that is already served replaces the older copy.</remarks>
public sealed class SegmentCache(string directory) : IHandedOffSegmentServer, IDisposable
{
    private readonly ConcurrentDictionary<string, CachedSegment> _segments = new(StringComparer.Ordinal);

    /// <summary>The directory holding one folder per served segment.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Where the local copy of <paramref name="segment"/> lives.</summary>
    public string PathFor(DataSegment segment) =>
        Path.Combine(Directory, segment.DataSource, segment.Identifier.Replace(':', '-'));

    /// <summary>Starts serving <paramref name="index"/> as <paramref name="segment"/>.</summary>
    public void Add(DataSegment segment, IQueryableIndex index)
    {
        var cached = new CachedSegment(segment, new Hydrant(0, index));
        if (_segments.Swap(segment.Identifier, cached) is { } replaced)
        {
            replaced.Hydrant.Release();
        }
    }

    /// <inheritdoc />
    public void ServeHandedOff(DataSegment segment, string mergedDirectory, IIndexFactory indexes)
    {
        var local = PathFor(segment);
        if (System.IO.Directory.Exists(local))
        {
            System.IO.Directory.Delete(local, recursive: true);
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        System.IO.Directory.Move(mergedDirectory, local);
        Add(segment, indexes.Load(local));
    }

    /// <summary>Stops serving the segment with this id and deletes its local copy; false when it was not served.</summary>
    public bool Remove(string segmentId)
    {
        if (!_segments.TryRemove(segmentId, out var cached))
        {
            return false;
        }

        cached.Hydrant.Release();
        var local = PathFor(cached.Segment);
        if (System.IO.Directory.Exists(local))
        {
            System.IO.Directory.Delete(local, recursive: true);
        }

        return true;
    }

    /// <summary>The served segments.</summary>
    public IReadOnlyList<DataSegment> Served => [.. _segments.Values.Select(s => s.Segment)];

    /// <summary>Whether a segment with this id is served.</summary>
    public bool Contains(string segmentId) => _segments.ContainsKey(segmentId);

    /// <summary>The served segments of <paramref name="dataSource"/>.</summary>
    public IReadOnlyList<IQueryableSegment> GetSegments(string dataSource) =>
        _segments.Values.Where(s => s.Segment.DataSource == dataSource).ToArray<IQueryableSegment>();

    /// <summary>The data sources with served segments.</summary>
    public IReadOnlyCollection<string> DataSources => _segments.Values.Select(s => s.Segment.DataSource).ToHashSet();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var id in _segments.Keys)
        {
            if (_segments.TryRemove(id, out var segment))
            {
                segment.Hydrant.Release();
            }
        }
    }

    private sealed class CachedSegment(DataSegment segment, Hydrant hydrant) : IQueryableSegment
    {
        public DataSegment Segment { get; } = segment;

        public Hydrant Hydrant { get; } = hydrant;

        public SegmentId Id => Segment.Id;

        public SegmentLease Acquire() =>
            Hydrant.TryAcquire() ? new SegmentLease([Hydrant.Index], Hydrant.Release) : new SegmentLease([]);
    }
}

file static class ConcurrentDictionaryExtensions
{
    public static TValue? Swap<TKey, TValue>(this ConcurrentDictionary<TKey, TValue> map, TKey key, TValue value)
        where TKey : notnull
        where TValue : class
    {
        TValue? previous = null;
        map.AddOrUpdate(key, value, (_, old) =>
        {
            previous = old;
            return value;
        });
        return previous;
    }
}
