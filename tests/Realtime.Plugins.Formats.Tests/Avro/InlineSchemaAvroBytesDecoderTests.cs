using System.Text;
using Avro.Generic;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Sdk;

namespace Realtime.Plugins.Formats.Tests.Avro;

public class InlineSchemaAvroBytesDecoderTests
{
    private static readonly DateTime Time = new(2026, 12, 3, 4, 5, 6, 789, DateTimeKind.Utc);
    private static readonly DateTime Seen = new DateTime(2026, 12, 3, 4, 5, 7, 123, DateTimeKind.Utc).AddMicroseconds(456);

    private static IInputRowParser Parser(string flattenSpec = """{ "useFieldDiscovery": true }""", string dimensions = "[]") => Specs.Parser($$"""
        { "type": "avro_stream", "avroBytesDecoder": { "type": "schema_inline", "schema": {{AvroRecords.EditSchema}} },
          "parseSpec": { "format": "avro", "timestampSpec": { "column": "timestamp", "format": "auto" },
            "flattenSpec": {{flattenSpec}}, "dimensionsSpec": { "dimensions": {{dimensions}} } } }
        """);

    private static InputRow Parse(IInputRowParser parser, GenericRecord record) =>
        parser.Parse(AvroRecords.Write(record)) ?? throw new AssertionException("The parser returned no row.");

    [Test]
    public void ReadsEveryPrimitiveTypeAndTheTimestampLogicalTypes()
    {
        var record = AvroRecords.NewEdit(Time, Seen, "Main Page", 7, "fixed a typo", "CREATE", "Oslo", ["a", "b"], new() { ["color"] = "red" });

        var row = Parse(Parser(), record);

        Assert.Multiple(() =>
        {
            Assert.That(row.TimestampMillis, Is.EqualTo(AvroRecords.Millis(Time)));
            Assert.That(row.GetRaw("seen"), Is.EqualTo(AvroRecords.Millis(Seen)), "timestamp-micros as epoch milliseconds");
            Assert.That(row.GetRaw("page"), Is.EqualTo("Main Page"));
            Assert.That(row.GetRaw("added"), Is.EqualTo(7L));
            Assert.That(row.GetRaw("total"), Is.EqualTo(70_000_000_000L));
            Assert.That(row.GetRaw("ratio"), Is.EqualTo(7 / 4f));
            Assert.That(row.GetRaw("delta"), Is.EqualTo(7 / 3d));
            Assert.That(row.GetRaw("robot"), Is.EqualTo(false));
            Assert.That(row.GetRaw("payload"), Is.EqualTo(Convert.ToBase64String(Encoding.UTF8.GetBytes("Main Page"))));
            Assert.That(row.GetRaw("nothing"), Is.Null);
            Assert.That(row.GetRaw("comment"), Is.EqualTo("fixed a typo"));
            Assert.That(row.GetRaw("kind"), Is.EqualTo("CREATE"));
            Assert.That(row.GetDimension("tags"), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(row.Dimensions, Does.Not.Contain("user").And.Not.Contain("attributes"), "records and maps are reached by paths only");
        });
    }

    [Test]
    public void FlattensNestedRecordsArrayIndexesAndMapKeys()
    {
        var parser = Parser("""
            { "useFieldDiscovery": false, "fields": [ "timestamp", "page",
              { "type": "path", "name": "city", "expr": "$.user.address.city" },
              { "type": "path", "name": "userName", "expr": "$.user.name" },
              { "type": "path", "name": "lastTag", "expr": "$.tags[-1]" },
              { "type": "path", "name": "color", "expr": "$.attributes.color" },
              { "type": "path", "name": "size", "expr": "$.attributes['size.cm']" } ] }
            """);
        var record = AvroRecords.NewEdit(Time, Seen, "Talk", 2, null, "EDIT", "Bergen", ["x", "y", "z"], new() { ["color"] = "blue", ["size.cm"] = "12" });

        var row = Parse(parser, record);

        Assert.That(row.Dimensions, Is.EqualTo(new[] { "page", "city", "userName", "lastTag", "color", "size" }));
        Assert.That(row.Dimensions.Select(row.GetRaw), Is.EqualTo(new object[] { "Talk", "Bergen", "user-Talk", "z", "blue", "12" }));
    }

    [Test]
    public void ReadsTheNullBranchOfAUnion()
    {
        var row = Parse(Parser(dimensions: """["page", "comment"]"""), AvroRecords.NewEdit(Time, Seen, "Talk", 1, null, "EDIT", "Oslo", [], []));

        Assert.That(row.GetRaw("comment"), Is.Null);
        Assert.That(row.GetDimension("comment"), Is.Empty);
    }

    [Test]
    public void ReadsBytesAsTextWhenAsked()
    {
        var parser = Specs.Parser($$"""
            { "type": "avro_stream", "binaryAsString": true, "avroBytesDecoder": { "type": "schema_inline", "schema": {{AvroRecords.EditSchema}} },
              "parseSpec": { "format": "avro", "timestampSpec": { "column": "timestamp", "format": "millis" } } }
            """);

        var row = Parse(parser, AvroRecords.NewEdit(Time, Seen, "Ünïcode", 1, null, "EDIT", "Oslo", [], []));

        Assert.That(row.GetRaw("payload"), Is.EqualTo("Ünïcode"));
    }

    [Test]
    public void ATruncatedMessageIsUnparseable()
    {
        var message = AvroRecords.Write(AvroRecords.NewEdit(Time, Seen, "Talk", 1, "c", "EDIT", "Oslo", ["t"], []));

        var parsed = ParsedRow<int>.Parse(Parser(), message.AsSpan(0, message.Length / 2), 0);

        Assert.That(parsed.Row, Is.Null);
        Assert.That(parsed.Error!.Message, Does.StartWith("Malformed Avro datum for the inline schema wiki.Edit"));
    }
}
