using Microsoft.Extensions.Logging;

namespace Realtime.Plugins.Http;

/// <summary>Log messages of the HTTP firehoses.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information,
        Message = "Receiver firehose listening on /druid/worker/v1/chat/{ServiceName}/push-events (buffer {BufferSize} events, {AckMode} acknowledgement)")]
    public static partial void ReceiverConnected(ILogger logger, string serviceName, int bufferSize, string ackMode);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Receiver firehose {ServiceName} closing: {Reason}")]
    public static partial void ReceiverClosing(ILogger logger, string serviceName, string reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Receiver firehose {ServiceName} will shut off at {ShutoffTime}")]
    public static partial void ReceiverShutoffScheduled(ILogger logger, string serviceName, string shutoffTime);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Receiver firehose {ServiceName} refused a push with {Status}: {Problem}")]
    public static partial void ReceiverPushRefused(ILogger logger, string serviceName, int status, string problem);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information,
        Message = "Receiver firehose {ServiceName} resumes the sequences of {Producers} producers from commit metadata")]
    public static partial void ReceiverProducersRestored(ILogger logger, string serviceName, int producers);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning,
        Message = "Receiver firehose {ServiceName} ended with pushes not yet durable after {Timeout}; they were answered 503")]
    public static partial void ReceiverEndedNotDurable(ILogger logger, string serviceName, TimeSpan timeout);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning,
        Message = "Receiver firehose {ServiceName}: the node's security authenticates and authorizes its requests, so its own authentication settings are not used")]
    public static partial void ReceiverAuthenticationSuperseded(ILogger logger, string serviceName);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Information, Message = "Http firehose reading {Count} URIs, {Completed} completed before and skipped")]
    public static partial void HttpUrisFound(ILogger logger, int count, int completed);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Information, Message = "Http firehose fetched {Uri}: {Bytes} bytes")]
    public static partial void HttpFetched(ILogger logger, string uri, long bytes);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Warning,
        Message = "Http firehose failed to fetch {Uri} (attempt {Attempt} of {Attempts}); retrying in {Delay}: {Problem}")]
    public static partial void HttpFetchRetry(ILogger logger, string uri, int attempt, int attempts, TimeSpan delay, string problem);

    [LoggerMessage(EventId = 6113, Level = LogLevel.Warning, Message = "Http firehose ignores commit metadata it did not write, and reads every URI: {Metadata}")]
    public static partial void HttpMetadataIgnored(ILogger logger, string metadata);
}
