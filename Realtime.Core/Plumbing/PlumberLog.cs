using Microsoft.Extensions.Logging;

namespace Realtime.Core.Plumbing;

/// <summary>The plumbers' log messages.</summary>
internal static partial class PlumberLog
{
    [LoggerMessage(1000, LogLevel.Warning, "No basePersistDirectory for {DataSource}: persisting to {Directory}, which a restart will not find. Set tuningConfig.basePersistDirectory to recover after a restart.")]
    public static partial void TemporaryPersistDirectory(ILogger logger, string dataSource, string directory);

    [LoggerMessage(1001, LogLevel.Information, "Recovered sink {Segment} with {Hydrants} persisted hydrants ({Rows} rows).")]
    public static partial void SinkRecovered(ILogger logger, string segment, int hydrants, long rows);

    [LoggerMessage(1002, LogLevel.Error, "Persisted hydrant {Directory} is unreadable; moved to {Corrupted}.")]
    public static partial void CorruptHydrant(ILogger logger, Exception error, string directory, string corrupted);

    [LoggerMessage(1003, LogLevel.Information, "Created sink {Segment}.")]
    public static partial void SinkCreated(ILogger logger, string segment);

    [LoggerMessage(1004, LogLevel.Information, "Persisted {Hydrants} hydrants ({Rows} rows) in {Millis} ms.")]
    public static partial void Persisted(ILogger logger, int hydrants, long rows, long millis);

    [LoggerMessage(1005, LogLevel.Error, "Persist failed; its rows stay in memory and its commit is skipped.")]
    public static partial void PersistFailed(ILogger logger, Exception error);

    [LoggerMessage(1006, LogLevel.Information, "Merged {Segment}: {Rows} rows from {Hydrants} hydrants in {Millis} ms.")]
    public static partial void Merged(ILogger logger, string segment, int rows, int hydrants, long millis);

    [LoggerMessage(1007, LogLevel.Information, "Pushed and published {Segment} ({Bytes} bytes); waiting for handoff.")]
    public static partial void Published(ILogger logger, string segment, long bytes);

    [LoggerMessage(1008, LogLevel.Information, "Segment {Segment} was already pushed before a restart; waiting for handoff.")]
    public static partial void AlreadyPushed(ILogger logger, string segment);

    [LoggerMessage(1009, LogLevel.Error, "Merge and push of {Segment} failed; it will be tried again.")]
    public static partial void HandoffFailed(ILogger logger, Exception error, string segment);

    [LoggerMessage(1010, LogLevel.Information, "Segment {Segment} handed off; sink dropped.")]
    public static partial void HandedOff(ILogger logger, string segment);

    [LoggerMessage(1011, LogLevel.Information, "Sink {Segment} dropped after its flush duration.")]
    public static partial void Flushed(ILogger logger, string segment);

    [LoggerMessage(1012, LogLevel.Warning, "Handoff of {Segment} was not confirmed within handoffConditionTimeout ({TimeoutMillis} ms); the sink is dropped, the segment stays published in deep storage.")]
    public static partial void HandoffTimedOut(ILogger logger, string segment, long timeoutMillis);
}
