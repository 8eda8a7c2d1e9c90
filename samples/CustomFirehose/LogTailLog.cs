using Microsoft.Extensions.Logging;

namespace Realtime.Samples.CustomFirehose;

/// <summary>The <c>log-tail</c> firehose's log messages.</summary>
internal static partial class LogTailLog
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Tailing {LogFile} from its start")]
    public static partial void ReadingFromStart(ILogger logger, string logFile);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Tailing {LogFile} from committed offset {Offset}")]
    public static partial void Resuming(ILogger logger, string logFile, long offset);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning,
        Message = "The committed position is in {CommittedFile}, not {LogFile}; reading {LogFile} from its start")]
    public static partial void OtherFileCommitted(ILogger logger, string committedFile, string logFile);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning,
        Message = "{LogFile} is shorter ({Length} bytes) than the committed offset {Offset}: it was truncated or replaced; reading it from its start")]
    public static partial void FileShrank(ILogger logger, string logFile, long offset, long length);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Debug, Message = "Committed {LogFile} up to offset {Offset}")]
    public static partial void Committed(ILogger logger, string logFile, long offset);
}
