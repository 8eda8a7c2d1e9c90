using System.Globalization;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;
using Realtime.Core.Plumbing;
using Realtime.Core.Storage;

namespace Realtime.Core.Cluster;

/// <summary>
/// Announces served segments in Druid's batch layout (BatchDataSegmentAnnouncer): ephemeral znodes under
/// <c>segments/&lt;host:port&gt;/</c>, each holding a JSON array of up to <see cref="ZooKeeperOptions.SegmentsPerNode"/>
/// segments and fewer than <see cref="ZooKeeperOptions.MaxBytesPerNode"/> bytes of JSON.
/// </summary>
/// <remarks>
/// A new segment joins the first batch with room; a batch left empty is deleted. Thread-safe; the writes go through
/// <see cref="Announcer"/>, so nothing waits for ZooKeeper.
/// </remarks>
public sealed partial class BatchSegmentAnnouncer : ISegmentAnnouncer
{
    private readonly Announcer _announcer;
    private readonly ServerIdentity _server;
    private readonly ZPaths _paths;
    private readonly ZooKeeperOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<BatchSegmentAnnouncer> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Batch> _batchOf = new(StringComparer.Ordinal);
    private readonly List<Batch> _batches = [];
    private long _counter;

    /// <summary>Announces through <paramref name="announcer"/> as <paramref name="server"/>.</summary>
    public BatchSegmentAnnouncer(Announcer announcer, ServerIdentity server, ZPaths paths, ZooKeeperOptions options, TimeProvider clock, ILogger<BatchSegmentAnnouncer> logger)
    {
        if (options.SegmentsPerNode < 1 || options.MaxBytesPerNode is < 1024 or > 1048576)
        {
            throw new ArgumentException(
                $"{ZooKeeperOptions.SectionName}:SegmentsPerNode must be at least 1 and MaxBytesPerNode from 1024 to 1048576; they are {options.SegmentsPerNode} and {options.MaxBytesPerNode}.");
        }

        _announcer = announcer;
        _server = server;
        _paths = paths;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The ids of the segments announced now.</summary>
    public IReadOnlyCollection<string> Announced
    {
        get
        {
            lock (_gate)
            {
                return [.. _batchOf.Keys];
            }
        }
    }

    /// <inheritdoc />
    public void Announce(DataSegment segment)
    {
        var json = DataSegmentJson.Serialize(segment);
        lock (_gate)
        {
            if (_batchOf.ContainsKey(segment.Identifier))
            {
                return;
            }

            if (json.Length + 2 > _options.MaxBytesPerNode)
            {
                LogTooLarge(segment.Identifier, json.Length, _options.MaxBytesPerNode);
                return;
            }

            var batch = _batches.FirstOrDefault(b => b.Segments.Count < _options.SegmentsPerNode && b.Bytes + json.Length + 1 < _options.MaxBytesPerNode);
            if (batch is null)
            {
                batch = new Batch($"{_paths.SegmentsOf(_server.Name)}/{NewBatchName()}");
                _batches.Add(batch);
            }

            batch.Add(segment.Identifier, json);
            _batchOf[segment.Identifier] = batch;
            Write(batch);
        }
    }

    /// <inheritdoc />
    public void Unannounce(DataSegment segment)
    {
        lock (_gate)
        {
            if (!_batchOf.Remove(segment.Identifier, out var batch))
            {
                return;
            }

            batch.Remove(segment.Identifier);
            if (batch.Segments.Count == 0)
            {
                _batches.Remove(batch);
                _announcer.Unannounce(batch.Path);
            }
            else
            {
                Write(batch);
            }
        }
    }

    private void Write(Batch batch)
    {
        using var array = new MemoryStream(batch.Bytes);
        array.WriteByte((byte)'[');
        var first = true;
        foreach (var json in batch.Segments.Values)
        {
            if (!first)
            {
                array.WriteByte((byte)',');
            }

            array.Write(json);
            first = false;
        }

        array.WriteByte((byte)']');
        _announcer.Announce(batch.Path, ZNodePayload.Encode(array.ToArray(), _options.Compress));
    }

    // Druid's batch names: host, type and tier, the time and a random UUID joined by '_', then a counter.
    private string NewBatchName() => string.Join('_',
        _server.Name, _server.Type, _server.Tier,
        DateTimes.Format(_clock.GetUtcNow().ToUnixTimeMilliseconds()),
        Guid.NewGuid().ToString("N")) + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);

    private sealed class Batch(string path)
    {
        public string Path { get; } = path;

        public Dictionary<string, byte[]> Segments { get; } = new(StringComparer.Ordinal);

        /// <summary>The size of the batch's JSON array: brackets, segments and the commas between them.</summary>
        public int Bytes { get; private set; } = 1;

        public void Add(string id, byte[] json)
        {
            Segments[id] = json;
            Bytes += json.Length + 1;
        }

        public void Remove(string id)
        {
            if (Segments.Remove(id, out var json))
            {
                Bytes -= json.Length + 1;
            }
        }
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Error, Message = "Segment {SegmentId} is not announced: its JSON is {Bytes} bytes, more than a batch znode may hold ({MaxBytes})")]
    private partial void LogTooLarge(string segmentId, int bytes, int maxBytes);
}
