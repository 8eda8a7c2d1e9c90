using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;

namespace Realtime.Samples.CustomPlumber;

/// <summary>Indexes rows per segment interval and writes each finished segment to a CSV file.</summary>
/// <remarks>
/// <para><b>The contract, in the order the pipeline uses it.</b></para>
/// <list type="number">
/// <item><see cref="StartJobAsync"/> runs first, before the firehose connects. It restores what was committed (the
/// pieces listed in <c>commit.json</c>), deletes what was not, and returns the committed firehose metadata: the
/// firehose resumes right after the last row those pieces hold.</item>
/// <item><see cref="Add"/> takes each row on the ingest thread. When the in-memory rows reach
/// <c>maxRowsInMemory</c>, or <c>intermediatePersistPeriod</c> has passed, it calls the committer supplier, which
/// captures the firehose position after this row, and persists with it.</item>
/// <item><see cref="Persist"/> writes every in-memory index as a new piece (flushed to disk), then replaces
/// <c>commit.json</c> with the new position and piece list (the commit point), and only then runs the committer so
/// that the source may forget the rows. If anything fails before the commit point, the exception halts the pipeline
/// and the previous commit stands: a restart reads the rows again. The pipeline also calls it when the node stops.</item>
/// <item><see cref="FinishJobAsync"/> runs when the firehose has ended: every remaining segment is written.</item>
/// </list>
/// <para><b>Exactly once.</b> A segment's file is written from its committed pieces plus its in-memory rows,
/// then the segment leaves <c>commit.json</c>. Rows for an interval whose file exists are thrown away, so rows that a
/// restart reads again cannot reach a written file twice; and a segment still listed after a crash is written again
/// from its pieces plus the rows read again, giving the same file.</para>
/// <para><b>Threading and back-pressure.</b> <see cref="Add"/>, <see cref="Persist"/> and <see cref="FinishJobAsync"/>
/// run on the ingest thread, so a persist or a file write blocks ingestion while it runs: the simplest back-pressure
/// (the built-in plumber persists on a thread of its own and blocks only when <c>maxPendingPersists</c> are queued).
/// <see cref="Segments"/> is read by query threads at any time.</para>
/// <para>A segment is finished when a row arrives after the rejection policy's current time has passed the end of
/// its interval by the window period, or when the firehose ends.</para>
/// </remarks>
internal sealed class CsvPlumber : IPlumber, IAsyncDisposable
{
    private const string MergedDirectory = "merged";

    private readonly PlumberContext _context;
    private readonly ConcurrentDictionary<long, CsvSink> _sinks = new();
    private readonly HashSet<long> _written = [];
    private readonly IRejectionPolicy? _rejection;
    private readonly long _windowMillis;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly string _persistDirectory;
    private readonly string _outputDirectory;
    private JsonElement? _committed;
    private long _nextPersistMillis;

    public CsvPlumber(PlumberContext context, string outputDirectory)
    {
        _context = context;
        _clock = context.TimeProvider;
        _logger = context.LoggerFactory.CreateLogger<CsvPlumber>();
        _windowMillis = (long)context.Tuning.WindowPeriod.TotalMilliseconds;
        _rejection = context.Tuning.RejectionPolicy?.Create(context.Tuning.WindowPeriod, _clock);
        var partition = context.Tuning.ShardSpec?.PartitionNum ?? 0;
        var name = partition == 0 ? context.DataSource : $"{context.DataSource}_{partition}";
        var persistRoot = context.Tuning.BasePersistDirectory ?? Directory.CreateTempSubdirectory("realtime-csv-").FullName;
        _persistDirectory = Path.GetFullPath(Path.Combine(persistRoot, name));
        _outputDirectory = Path.Combine(outputDirectory, name);
    }

    /// <inheritdoc />
    public IReadOnlyList<IQueryableSegment> Segments => [.. _sinks.Values];

    private string CommitPath => Path.Combine(_persistDirectory, CommitFile.Name);

    /// <inheritdoc />
    public ValueTask<JsonElement?> StartJobAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_persistDirectory);
        var commit = CommitFile.Read(CommitPath);
        foreach (var (intervalText, pieces) in commit.Sinks)
        {
            var interval = Interval.Parse(intervalText);
            var loaded = pieces.Select(n => (n, _context.Indexes.Load(PieceDirectory(interval, n)))).ToList();
            var previousDimensions = loaded.Count == 0 ? null : loaded[^1].Item2.Dimensions;
            _sinks[interval.StartMillis] = new CsvSink(SegmentIdOf(interval), _context.Indexes.CreateIncremental(interval, previousDimensions), loaded);
        }

        RemoveUncommitted(commit);
        _committed = commit.Firehose;
        _context.Metrics.SinkCount(_sinks.Count);
        ResetPersistTimer();
        CsvPlumberLog.Recovered(_logger, _sinks.Count, _context.DataSource, _persistDirectory, _committed?.GetRawText() ?? "its start");
        return ValueTask.FromResult(_committed);
    }

    /// <inheritdoc />
    public AddResult Add(InputRow row, Func<ICommitter> committerSupplier)
    {
        if (_rejection is not null && !_rejection.Accept(row.TimestampMillis))
        {
            return AddResult.ThrownAway;
        }

        var sink = SinkFor(row.TimestampMillis);
        if (sink is null)
        {
            return AddResult.ThrownAway;
        }

        var added = sink.Add(row);
        if (added.RowCount >= _context.Tuning.MaxRowsInMemory || _clock.GetUtcNow().ToUnixTimeMilliseconds() >= _nextPersistMillis)
        {
            Persist(committerSupplier());
        }

        WriteFinishedSegments();
        return new AddResult(AddStatus.Added, added.RowCount, added.ParseError);
    }

    /// <inheritdoc />
    public void Persist(ICommitter committer)
    {
        var started = Stopwatch.StartNew();
        try
        {
            var rows = 0;
            var pieces = 0;
            foreach (var sink in _sinks.Values.Where(s => s.InMemory.RowCount > 0))
            {
                var number = sink.NextPieceNumber;
                var inMemory = sink.InMemory;
                var persisted = _context.Indexes.Persist(inMemory, PieceDirectory(sink.Id.Interval, number), committer.Metadata, CancellationToken.None);
                rows += inMemory.RowCount;
                pieces++;
                sink.Swap(number, persisted, _context.Indexes.CreateIncremental(sink.Id.Interval, inMemory.Dimensions));
            }

            _committed = committer.Metadata;
            WriteCommitFile();
            _context.Metrics.RowsOutput(rows);
            _context.Metrics.PersistCompleted(started.Elapsed);
            CsvPlumberLog.Persisted(_logger, rows, pieces);
        }
        catch
        {
            _context.Metrics.PersistFailed();
            throw;
        }

        committer.Run();
        ResetPersistTimer();
    }

    /// <inheritdoc />
    public ValueTask FinishJobAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks.Values.OrderBy(s => s.Id.Interval.StartMillis))
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteSegment(sink);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var sink in _sinks.Values)
        {
            sink.Drop();
        }

        _sinks.Clear();
        return ValueTask.CompletedTask;
    }

    /// <summary>The sink of the row's segment interval, created on first use; null when that interval's file is already written.</summary>
    private CsvSink? SinkFor(long timestampMillis)
    {
        var start = _context.SegmentGranularity.BucketStart(timestampMillis);
        if (_sinks.TryGetValue(start, out var sink))
        {
            return sink;
        }

        var interval = new Interval(start, _context.SegmentGranularity.Increment(start));
        if (_written.Contains(start) || File.Exists(CsvPath(interval)))
        {
            _written.Add(start);
            return null;
        }

        sink = new CsvSink(SegmentIdOf(interval), _context.Indexes.CreateIncremental(interval), []);
        _sinks[start] = sink;
        _context.Metrics.SinkCount(_sinks.Count);
        return sink;
    }

    private void WriteFinishedSegments()
    {
        if (_rejection is null)
        {
            return;
        }

        var now = _rejection.CurrentMaxTime;
        foreach (var sink in _sinks.Values.Where(s => s.Id.Interval.EndMillis + _windowMillis <= now).OrderBy(s => s.Id.Interval.StartMillis))
        {
            WriteSegment(sink);
        }
    }

    /// <summary>Merges the segment's pieces and in-memory rows, writes the file, then forgets the segment.</summary>
    private void WriteSegment(CsvSink sink)
    {
        var started = Stopwatch.StartNew();
        var interval = sink.Id.Interval;
        var sinkDirectory = SinkDirectory(interval);
        var path = CsvPath(interval);
        try
        {
            using (var merged = _context.Indexes.Merge(sink.Indexes, Path.Combine(sinkDirectory, MergedDirectory), CancellationToken.None))
            {
                _context.Metrics.MergeCompleted(started.Elapsed);
                CsvSegmentWriter.Write(merged, path);
                CsvPlumberLog.Written(_logger, merged.RowCount, sink.Id.ToString(), path);
            }

            _written.Add(interval.StartMillis);
            _sinks.TryRemove(interval.StartMillis, out _);
            sink.Drop();
            WriteCommitFile();
            Directory.Delete(sinkDirectory, recursive: true);
        }
        catch
        {
            _context.Metrics.HandoffFailed();
            throw;
        }

        _context.Metrics.HandoffCompleted();
        _context.Metrics.SinkCount(_sinks.Count);
    }

    private void WriteCommitFile() =>
        new CommitFile(_committed, _sinks.Values.Where(s => s.PieceNumbers.Length > 0).ToDictionary(s => s.Id.Interval.ToString(), s => s.PieceNumbers)).Write(CommitPath);

    /// <summary>Deletes directories under the persist directory that the commit does not list: pieces of a persist that never committed.</summary>
    private void RemoveUncommitted(CommitFile commit)
    {
        foreach (var sinkDirectory in Directory.EnumerateDirectories(_persistDirectory))
        {
            var sink = _sinks.Values.FirstOrDefault(s => SinkDirectory(s.Id.Interval) == sinkDirectory);
            var kept = sink is null ? [] : commit.Sinks[sink.Id.Interval.ToString()].Select(n => PieceDirectory(sink.Id.Interval, n)).ToHashSet();
            foreach (var directory in Directory.EnumerateDirectories(sinkDirectory).Where(d => !kept.Contains(d)))
            {
                Directory.Delete(directory, recursive: true);
                CsvPlumberLog.RemovedUncommitted(_logger, directory);
            }

            if (sink is null)
            {
                Directory.Delete(sinkDirectory, recursive: true);
            }
        }
    }

    private void ResetPersistTimer() =>
        _nextPersistMillis = _clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)_context.Tuning.IntermediatePersistPeriod.TotalMilliseconds;

    private SegmentId SegmentIdOf(Interval interval) =>
        new(_context.DataSource, interval, DateTimes.Format(interval.StartMillis), _context.Tuning.ShardSpec?.PartitionNum ?? 0);

    private string SinkDirectory(Interval interval) => Path.Combine(_persistDirectory, interval.ToPathString());

    private string PieceDirectory(Interval interval, int number) => Path.Combine(SinkDirectory(interval), number.ToString(CultureInfo.InvariantCulture));

    private string CsvPath(Interval interval) => Path.Combine(_outputDirectory, interval.ToPathString() + ".csv");
}
