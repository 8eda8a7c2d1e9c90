using System.Buffers.Binary;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace Realtime.Plugins.Formats.Tests.Avro;

/// <summary>Avro schemas and records of wiki edits, written with Apache.Avro's generic writer.</summary>
internal static class AvroRecords
{
    public const string EditSchema = """
        {"type": "record", "name": "Edit", "namespace": "wiki", "fields": [
          {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "seen", "type": {"type": "long", "logicalType": "timestamp-micros"}},
          {"name": "page", "type": "string"},
          {"name": "added", "type": "int"},
          {"name": "total", "type": "long"},
          {"name": "ratio", "type": "float"},
          {"name": "delta", "type": "double"},
          {"name": "robot", "type": "boolean"},
          {"name": "payload", "type": "bytes"},
          {"name": "nothing", "type": "null"},
          {"name": "comment", "type": ["null", "string"], "default": null},
          {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["EDIT", "CREATE"]}},
          {"name": "user", "type": {"type": "record", "name": "User", "fields": [
            {"name": "name", "type": "string"},
            {"name": "address", "type": {"type": "record", "name": "Address", "fields": [{"name": "city", "type": "string"}]}}]}},
          {"name": "tags", "type": {"type": "array", "items": "string"}},
          {"name": "attributes", "type": {"type": "map", "values": "string"}}
        ]}
        """;

    public static readonly RecordSchema Edit = (RecordSchema)Schema.Parse(EditSchema);

    /// <summary>An edit with every field set; <paramref name="comment"/> may be null (the union's null branch).</summary>
    public static GenericRecord NewEdit(DateTime time, DateTime seen, string page, int added, string? comment, string kind, string city, string[] tags, Dictionary<string, object> attributes)
    {
        var user = (RecordSchema)Edit["user"].Schema;
        var address = new GenericRecord((RecordSchema)user["address"].Schema);
        address.Add("city", city);
        var userRecord = new GenericRecord(user);
        userRecord.Add("name", "user-" + page);
        userRecord.Add("address", address);
        var edit = new GenericRecord(Edit);
        edit.Add("timestamp", time);
        edit.Add("seen", seen);
        edit.Add("page", page);
        edit.Add("added", added);
        edit.Add("total", added * 10_000_000_000L);
        edit.Add("ratio", added / 4f);
        edit.Add("delta", added / 3d);
        edit.Add("robot", added % 2 == 0);
        edit.Add("payload", System.Text.Encoding.UTF8.GetBytes(page));
        edit.Add("nothing", null);
        edit.Add("comment", comment);
        edit.Add("kind", new GenericEnum((EnumSchema)Edit["kind"].Schema, kind));
        edit.Add("user", userRecord);
        edit.Add("tags", tags.Cast<object>().ToArray());
        edit.Add("attributes", attributes);
        return edit;
    }

    /// <summary>The record's Avro binary encoding, without any header.</summary>
    public static byte[] Write(GenericRecord record)
    {
        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(record.Schema).Write(record, new BinaryEncoder(stream));
        return stream.ToArray();
    }

    /// <summary>A message of <c>multiple_version</c>: version byte 1, the schema id, the datum.</summary>
    public static byte[] Versioned(int schemaId, GenericRecord record)
    {
        var datum = Write(record);
        var message = new byte[5 + datum.Length];
        message[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), schemaId);
        datum.CopyTo(message, 5);
        return message;
    }

    /// <summary>The schema id of a message in Confluent's wire format.</summary>
    public static int SchemaIdOf(byte[] message) => BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(1, 4));

    public static long Millis(DateTime time) => new DateTimeOffset(time).ToUnixTimeMilliseconds();
}
