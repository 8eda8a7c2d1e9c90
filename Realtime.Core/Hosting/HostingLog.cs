using Microsoft.Extensions.Logging;

namespace Realtime.Core.Hosting;

/// <summary>The node's log messages.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(2000, LogLevel.Information, "Pipeline {Pipeline}: firehose connected; ingesting.")]
    public static partial void Connected(ILogger logger, string pipeline);

    [LoggerMessage(2001, LogLevel.Information, "Pipeline {Pipeline}: resuming from commit metadata {Metadata}.")]
    public static partial void Resuming(ILogger logger, string pipeline, string metadata);

    [LoggerMessage(2002, LogLevel.Warning, "Pipeline {Pipeline}: unparseable row skipped: {Problem}")]
    public static partial void Unparseable(ILogger logger, string pipeline, string problem);

    [LoggerMessage(2003, LogLevel.Warning, "Pipeline {Pipeline}: {Suppressed} more unparseable rows in the last minute were not logged.")]
    public static partial void UnparseableSuppressed(ILogger logger, string pipeline, long suppressed);

    [LoggerMessage(2004, LogLevel.Information, "Pipeline {Pipeline}: firehose ended; merging, pushing and handing off.")]
    public static partial void Finishing(ILogger logger, string pipeline);

    [LoggerMessage(2005, LogLevel.Information, "Pipeline {Pipeline}: finished; every segment handed off.")]
    public static partial void Finished(ILogger logger, string pipeline);

    [LoggerMessage(2006, LogLevel.Information, "Pipeline {Pipeline}: stopping; persisting rows in memory for the next start.")]
    public static partial void Stopping(ILogger logger, string pipeline);

    [LoggerMessage(2007, LogLevel.Error, "Pipeline {Pipeline} halted: {Reason}. The node keeps serving what it ingested.")]
    public static partial void Halted(ILogger logger, Exception error, string pipeline, string reason);

    [LoggerMessage(2009, LogLevel.Information, "Serving {Count} handed-off segments of {DataSource} from {Directory}.")]
    public static partial void ServingCachedSegments(ILogger logger, int count, string dataSource, string directory);

    [LoggerMessage(2010, LogLevel.Error, "Chat handler for service {ServiceName} failed on '{Action}'.")]
    public static partial void ChatHandlerFailed(ILogger logger, Exception error, string serviceName, string action);

    [LoggerMessage(2011, LogLevel.Debug, "Pipeline {Pipeline}: persisting at the firehose's request.")]
    public static partial void PersistRequested(ILogger logger, string pipeline);
}
