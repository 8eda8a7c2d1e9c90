using System.Text.Json;
using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;
using Realtime.LoadTool;

namespace Realtime.Benchmarks;

/// <summary>
/// The load tool's wikipedia-like events (<see cref="WikipediaEvents"/>) as Avro records with the same fields: the
/// time as <c>timestamp-millis</c>, the dimensions as strings, <c>tags</c> as an array, the metrics as longs and a double.
/// </summary>
internal static class WikipediaAvro
{
    /// <summary>The records' schema.</summary>
    public const string SchemaJson = """
        {"type": "record", "name": "Edit", "fields": [
          {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "page", "type": "string"}, {"name": "language", "type": "string"}, {"name": "user", "type": "string"},
          {"name": "unpatrolled", "type": "string"}, {"name": "newPage", "type": "string"}, {"name": "robot", "type": "string"},
          {"name": "anonymous", "type": "string"}, {"name": "namespace", "type": "string"}, {"name": "continent", "type": "string"},
          {"name": "country", "type": "string"}, {"name": "region", "type": "string"}, {"name": "city", "type": "string"},
          {"name": "tags", "type": {"type": "array", "items": "string"}},
          {"name": "added", "type": "long"}, {"name": "deleted", "type": "long"}, {"name": "delta", "type": "long"}, {"name": "latency", "type": "double"}]}
        """;

    /// <summary>The parsed <see cref="SchemaJson"/>.</summary>
    public static readonly RecordSchema Schema = (RecordSchema)global::Avro.Schema.Parse(SchemaJson);

    /// <summary>The record of one JSON line of the load tool.</summary>
    public static GenericRecord Record(byte[] line)
    {
        using var json = JsonDocument.Parse(line);
        var record = new GenericRecord(Schema);
        foreach (var field in Schema.Fields)
        {
            var value = json.RootElement.GetProperty(field.Name);
            record.Add(field.Name, field.Name switch
            {
                "timestamp" => value.GetDateTime().ToUniversalTime(),
                "tags" => value.EnumerateArray().Select(t => (object)t.GetString()!).ToArray(),
                "added" or "deleted" or "delta" => value.GetInt64(),
                "latency" => value.GetDouble(),
                _ => value.GetString(),
            });
        }

        return record;
    }

    /// <summary>
    /// <see cref="WikipediaEvents.DataSchema"/> with an <c>avro_stream</c> parser of <paramref name="avroBytesDecoder"/>
    /// in place of the JSON one: the same timestamp, dimensions, metrics and granularity.
    /// </summary>
    public static string DataSchema(string avroBytesDecoder)
    {
        var dataSchema = JsonNode.Parse(WikipediaEvents.DataSchema)!.AsObject();
        var parseSpec = dataSchema["parser"]!["parseSpec"]!.DeepClone().AsObject();
        parseSpec["format"] = "avro";
        dataSchema["parser"] = new JsonObject
        {
            ["type"] = "avro_stream",
            ["avroBytesDecoder"] = JsonNode.Parse(avroBytesDecoder),
            ["parseSpec"] = parseSpec,
        };
        return dataSchema.ToJsonString();
    }
}
