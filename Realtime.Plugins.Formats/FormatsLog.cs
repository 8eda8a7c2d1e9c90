using Microsoft.Extensions.Logging;

namespace Realtime.Plugins.Formats;

/// <summary>Log messages of the Avro and protobuf parsers.</summary>
internal static partial class FormatsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Fetched Avro schema id {SchemaId} ({SchemaName}) from the schema registry at {Urls}")]
    public static partial void SchemaFetched(ILogger logger, int schemaId, string schemaName, string urls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The schema registry at {Urls} did not give Avro schema id {SchemaId}: {Problem}")]
    public static partial void SchemaNotFetched(ILogger logger, int schemaId, string urls, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Protobuf parser reads messages of type {MessageType} from descriptor {Descriptor}")]
    public static partial void DescriptorLoaded(ILogger logger, string messageType, string descriptor);
}
