using Microsoft.Extensions.Logging;

namespace Realtime.Samples.CustomPlumber;

/// <summary>The <c>csv</c> plumber's log messages.</summary>
internal static partial class CsvPlumberLog
{
    [LoggerMessage(EventId = 9200, Level = LogLevel.Information,
        Message = "Recovered {Sinks} segments of {DataSource} from {Directory}; resuming the firehose from {Metadata}")]
    public static partial void Recovered(ILogger logger, int sinks, string dataSource, string directory, string metadata);

    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "Persisted {Rows} rows in {Pieces} pieces and committed")]
    public static partial void Persisted(ILogger logger, int rows, int pieces);

    [LoggerMessage(EventId = 9202, Level = LogLevel.Information, Message = "Wrote {Rows} rows of {Segment} to {File}")]
    public static partial void Written(ILogger logger, int rows, string segment, string file);

    [LoggerMessage(EventId = 9203, Level = LogLevel.Warning, Message = "Removed uncommitted persist directory {Directory}")]
    public static partial void RemovedUncommitted(ILogger logger, string directory);
}
