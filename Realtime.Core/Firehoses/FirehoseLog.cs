using Microsoft.Extensions.Logging;

namespace Realtime.Core.Firehoses;

/// <summary>Log messages of the built-in firehoses.</summary>
internal static partial class FirehoseLog
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information,
        Message = "Local firehose found {Count} files matching {Filter} under {BaseDir}; {Completed} were completed before and are skipped")]
    public static partial void LocalFilesFound(ILogger logger, int count, string filter, string baseDir, int completed);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Debug, Message = "Local firehose reading {File}")]
    public static partial void LocalFileOpened(ILogger logger, string file);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning,
        Message = "Local firehose ignores commit metadata it did not write, and reads every file: {Metadata}")]
    public static partial void LocalMetadataIgnored(ILogger logger, string metadata);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Information, Message = "Timed firehose will shut off at {ShutoffTime}")]
    public static partial void ShutoffScheduled(ILogger logger, string shutoffTime);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Information, Message = "Timed firehose reached its shutoff time {ShutoffTime}")]
    public static partial void ShutoffReached(ILogger logger, string shutoffTime);
}
