using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Plumbing;
using Realtime.Core.Metrics;
using Realtime.Core.Spec;

namespace Realtime.Core.Hosting;

/// <summary>
/// Runs one ingestion pipeline: starts the plumber, connects the firehose and feeds rows to the plumber until
/// the firehose ends (then finishes the job) or the node stops (then persists for the next start).
/// </summary>
/// <remarks>
/// The ingest loop runs on a thread of its own. One bad row is counted and skipped; with
/// <c>reportParseExceptions</c> it halts this pipeline only, after persisting what was accepted.
/// </remarks>
public sealed class FireChief
{
    private readonly ILogger _logger;
    private readonly IInputRowParser _parser;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggerFactory;
    private readonly UnparseableLog _unparseableLog;

    internal FireChief(FireDepartment spec, IPlumber plumber, IInputRowParser parser, IngestionMetrics metrics, IServiceProvider services, TimeProvider clock, ILoggerFactory loggerFactory)
    {
        Spec = spec;
        Plumber = plumber;
        Metrics = metrics;
        _parser = parser;
        _services = services;
        _clock = clock;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<FireChief>();
        _unparseableLog = new UnparseableLog(_logger, Name);
    }

    /// <summary>The pipeline's spec.</summary>
    public FireDepartment Spec { get; }

    /// <summary><c>dataSource</c>, or <c>dataSource/partition</c> for partitions other than 0.</summary>
    public string Name => Spec.PartitionNum == 0 ? Spec.DataSchema.DataSource : $"{Spec.DataSchema.DataSource}/{Spec.PartitionNum}";

    /// <summary>The plumber, whose segments queries read.</summary>
    public IPlumber Plumber { get; }

    /// <summary>The pipeline's ingestion counters.</summary>
    internal IngestionMetrics Metrics { get; }

    /// <summary>Rows in the in-memory hydrants of the plumber's segments, not yet persisted.</summary>
    public long RowsInMemory => Plumber.Segments.Sum(s => SegmentRows.Of(s).RowsInMemory);

    /// <summary>Where the pipeline is in its life.</summary>
    public PipelineState State { get; private set; } = PipelineState.Starting;

    /// <summary>Why the pipeline failed, when it did.</summary>
    public string? Error { get; private set; }

    /// <summary>Runs the pipeline until the firehose ends, the node stops, or an error halts it.</summary>
    public Task RunAsync(CancellationToken stopping) =>
        Task.Factory.StartNew(() => RunCoreAsync(stopping), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunCoreAsync(CancellationToken stopping)
    {
        IFirehose? firehose = null;
        var finished = false;
        using var persistRequests = new PersistRequests(stopping);
        try
        {
            var metadata = await Plumber.StartJobAsync(stopping);
            if (metadata is { } resumed)
            {
                HostingLog.Resuming(_logger, Name, resumed.GetRawText());
            }

            firehose = await Spec.IoConfig.Firehose!.ConnectAsync(_parser,
                new FirehoseContext
                {
                    Services = new PipelineServices(_services, Spec.DataSchema.DataSource),
                    DataSource = Spec.DataSchema.DataSource,
                    TimeProvider = _clock,
                    LoggerFactory = _loggerFactory,
                    LastCommitMetadata = metadata,
                    RequestPersist = persistRequests.Request,
                }, stopping);
            State = PipelineState.Running;
            HostingLog.Connected(_logger, Name);
            if (await IngestAsync(firehose, persistRequests, stopping))
            {
                State = PipelineState.Finishing;
                HostingLog.Finishing(_logger, Name);
                await Plumber.FinishJobAsync(stopping);
                finished = true;
                State = PipelineState.Finished;
                HostingLog.Finished(_logger, Name);
            }
            else
            {
                State = PipelineState.Stopped;
                HostingLog.Stopping(_logger, Name);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            State = PipelineState.Stopped;
            HostingLog.Stopping(_logger, Name);
        }
        catch (Exception e)
        {
            Error = e.Message;
            State = PipelineState.Failed;
            HostingLog.Halted(_logger, e, Name, e.Message);
        }
        finally
        {
            await ShutDownAsync(firehose, finished);
        }
    }

    /// <summary>Feeds rows to the plumber; true when the firehose ended, false when the node is stopping.</summary>
    /// <remarks>A persist the firehose asks for is made before the next row is taken, ending a wait for that row if need be.</remarks>
    private async Task<bool> IngestAsync(IFirehose firehose, PersistRequests persistRequests, CancellationToken stopping)
    {
        var reportParseExceptions = Spec.TuningConfig.ReportParseExceptions;
        Func<ICommitter> makeCommitter = firehose.MakeCommitter;
        try
        {
            while (true)
            {
                if (persistRequests.Pending)
                {
                    persistRequests.Take();
                    HostingLog.PersistRequested(_logger, Name);
                    Plumber.Persist(firehose.MakeCommitter());
                }

                bool more;
                try
                {
                    more = await firehose.HasMoreAsync(persistRequests.WaitToken);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested && persistRequests.Pending)
                {
                    continue;
                }

                if (!more)
                {
                    break;
                }

                InputRow? row;
                try
                {
                    row = firehose.NextRow();
                }
                catch (ParseException e)
                {
                    Metrics.EventUnparseable();
                    if (reportParseExceptions)
                    {
                        throw new ParseException($"Unparseable row with reportParseExceptions on: {e.Message}{Quote(e.Input)}", e.Input, e);
                    }

                    _unparseableLog.Log(e.Message + Quote(e.Input));
                    continue;
                }

                if (row is null)
                {
                    Metrics.EventThrownAway();
                    continue;
                }

                var result = Plumber.Add(row, makeCommitter);
                switch (result.Status)
                {
                    case AddStatus.Added when result.ParseError is not null:
                        Metrics.EventUnparseable();
                        if (reportParseExceptions)
                        {
                            throw new ParseException($"Row partly unparseable with reportParseExceptions on: {result.ParseError} in {row}", row.ToString());
                        }

                        _unparseableLog.Log($"{result.ParseError} in {row} (the rest of the row was kept)");
                        Metrics.EventProcessed(row.TimestampMillis);
                        break;
                    case AddStatus.Added:
                        Metrics.EventProcessed(row.TimestampMillis);
                        break;
                    case AddStatus.Duplicate:
                        Metrics.EventDuplicate();
                        break;
                    default:
                        Metrics.EventThrownAway();
                        break;
                }
            }

            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task ShutDownAsync(IFirehose? firehose, bool finished)
    {
        if (!finished && firehose is not null && State != PipelineState.Starting)
        {
            Plumber.Persist(firehose.MakeCommitter());
        }

        if (Plumber is IAsyncDisposable disposablePlumber)
        {
            await disposablePlumber.DisposeAsync();
        }

        if (firehose is not null)
        {
            await firehose.DisposeAsync();
        }
    }

    private static string Quote(string? input) => input is null ? "" : $" (input: {Shorten(input)})";

    private static string Shorten(string input) => input.Length <= 200 ? input : input[..200] + "…";

    /// <summary>Logs unparseable rows, at most ten a minute, then a count of those not logged.</summary>
    private sealed class UnparseableLog(ILogger logger, string pipeline)
    {
        private const int PerMinute = 10;
        private long _windowStart = Environment.TickCount64;
        private long _inWindow;

        public void Log(string problem)
        {
            var now = Environment.TickCount64;
            if (now - _windowStart >= 60_000)
            {
                if (_inWindow > PerMinute)
                {
                    HostingLog.UnparseableSuppressed(logger, pipeline, _inWindow - PerMinute);
                }

                _windowStart = now;
                _inWindow = 0;
            }

            if (++_inWindow <= PerMinute)
            {
                HostingLog.Unparseable(logger, pipeline, problem);
            }
        }
    }
}
