using Avro;
using Avro.Generic;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats.Tests.Avro;

public class MultipleVersionAvroBytesDecoderTests
{
    private const string V1 = """{"type": "record", "name": "Click", "fields": [{"name": "ts", "type": "long"}, {"name": "page", "type": "string"}]}""";
    private const string V2 = """{"type": "record", "name": "Click", "fields": [{"name": "ts", "type": "long"}, {"name": "page", "type": "string"}, {"name": "user", "type": "string"}]}""";

    private static readonly IInputRowParser Parser = Specs.Parser($$"""
        { "type": "avro_stream", "avroBytesDecoder": { "type": "multiple_version", "schemas": { "10": {{V1}}, "11": {{V2}} } },
          "parseSpec": { "format": "avro", "timestampSpec": { "column": "ts", "format": "millis" }, "dimensionsSpec": { "dimensions": ["page", "user"] } } }
        """);

    private static GenericRecord Click(string schema, long ts, string page, string? user = null)
    {
        var record = new GenericRecord((RecordSchema)Schema.Parse(schema));
        record.Add("ts", ts);
        record.Add("page", page);
        if (user is not null)
        {
            record.Add("user", user);
        }

        return record;
    }

    [Test]
    public void ReadsEachMessageWithTheSchemaItsIdNames()
    {
        var first = Parser.Parse(AvroRecords.Versioned(10, Click(V1, 1_000, "Main")))!;
        var second = Parser.Parse(AvroRecords.Versioned(11, Click(V2, 2_000, "Talk", "ann")))!;

        Assert.That((first.TimestampMillis, first.GetRaw("page"), first.GetRaw("user")), Is.EqualTo((1_000L, "Main", (object?)null)));
        Assert.That((second.TimestampMillis, second.GetRaw("page"), second.GetRaw("user")), Is.EqualTo((2_000L, "Talk", (object?)"ann")));
    }

    [Test]
    public void AnUnknownSchemaIdIsUnparseable()
    {
        var error = Assert.Throws<ParseException>(() => Parser.Parse(AvroRecords.Versioned(12, Click(V1, 1, "Main"))))!;

        Assert.That(error.Message, Is.EqualTo("Avro schema id 12 is not among the multiple_version schemas (10, 11)."));
    }

    [Test]
    public void AnotherVersionByteIsUnparseable()
    {
        var message = AvroRecords.Versioned(10, Click(V1, 1, "Main"));
        message[0] = 2;

        var error = Assert.Throws<ParseException>(() => Parser.Parse(message))!;

        Assert.That(error.Message, Does.StartWith("An Avro message starts with byte 2, not 1"));
    }
}
