using System.Text.Json;

namespace Realtime.Samples.CustomFirehose;

/// <summary>The commit metadata of the <c>log-tail</c> firehose: a file and the byte offset after the last line handed out.</summary>
/// <param name="LogFile">The full path of the file.</param>
/// <param name="Offset">The offset of the first byte not yet handed to the pipeline.</param>
internal sealed record TailPosition(string LogFile, long Offset)
{
    /// <summary>The position as the JSON the node stores with persisted rows.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["logFile"] = LogFile, ["offset"] = Offset });

    /// <summary>Reads the position the node returned on start; null on a first start.</summary>
    /// <exception cref="InvalidDataException">The metadata is not a log-tail position; the message quotes it.</exception>
    public static TailPosition? Read(JsonElement? metadata)
    {
        if (metadata is not { } json)
        {
            return null;
        }

        if (json.ValueKind == JsonValueKind.Object
            && json.TryGetProperty("logFile", out var file) && file.ValueKind == JsonValueKind.String
            && json.TryGetProperty("offset", out var offset) && offset.ValueKind == JsonValueKind.Number && offset.TryGetInt64(out var bytes) && bytes >= 0)
        {
            return new TailPosition(file.GetString()!, bytes);
        }

        throw new InvalidDataException(
            $"The stored commit metadata {json.GetRawText()} is not a log-tail position ({{\"logFile\": …, \"offset\": …}}); " +
            "was this data source persisted by another firehose?");
    }
}
