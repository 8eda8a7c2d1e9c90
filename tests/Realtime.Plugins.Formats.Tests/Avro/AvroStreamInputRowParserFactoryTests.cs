using Realtime.Core.Components;

namespace Realtime.Plugins.Formats.Tests.Avro;

public class AvroStreamInputRowParserFactoryTests
{
    private const string Schema = """{"type": "record", "name": "R", "fields": [{"name": "ts", "type": "long"}]}""";
    private const string ParseSpec = """{ "format": "avro", "timestampSpec": { "column": "ts", "format": "millis" } }""";

    private static string ErrorOf(string json) => Assert.Throws<ArgumentException>(() => Specs.Parser(json))!.Message;

    [Test]
    public void RequiresADecoderAndAnAvroParseSpec()
    {
        Assert.That(ErrorOf($$"""{ "type": "avro_stream", "parseSpec": {{ParseSpec}} }"""),
            Is.EqualTo("avro_stream parser: parser.avroBytesDecoder is required."));
        Assert.That(ErrorOf($$"""{ "type": "avro_stream", "avroBytesDecoder": { "type": "schema_inline", "schema": {{Schema}} } }"""),
            Is.EqualTo("avro_stream parser: parser.parseSpec is required and must be an object."));
        Assert.That(ErrorOf($$"""{ "type": "avro_stream", "avroBytesDecoder": { "type": "schema_inline", "schema": {{Schema}} }, "parseSpec": { "format": "csv" } }"""),
            Is.EqualTo("avro_stream parser: parser.parseSpec.format must be 'avro', not \"csv\"."));
    }

    [Test]
    public void NamesTheInvalidFieldOfTheParseSpec()
    {
        var message = ErrorOf($$"""
            { "type": "avro_stream", "avroBytesDecoder": { "type": "schema_inline", "schema": {{Schema}} },
              "parseSpec": { "format": "avro", "timestampSpec": { "column": "ts", "format": "D" } } }
            """);

        Assert.That(message, Does.StartWith("parseSpec.timestampSpec.format 'D'"));
    }

    [Test]
    public void NamesTheInvalidFieldOfTheDecoder()
    {
        Assert.That(ErrorOf($$"""{ "type": "avro_stream", "avroBytesDecoder": { "type": "schema_inline", "schema": { "type": "recrd" } }, "parseSpec": {{ParseSpec}} }"""),
            Does.StartWith("avro_stream parser: parser.avroBytesDecoder.schema "));
        Assert.That(ErrorOf($$"""{ "type": "avro_stream", "avroBytesDecoder": { "type": "schema_registry" }, "parseSpec": {{ParseSpec}} }"""),
            Is.EqualTo("avro_stream parser: parser.avroBytesDecoder.url or parser.avroBytesDecoder.urls is required for schema_registry."));
        Assert.That(ErrorOf($$"""{ "type": "avro_stream", "avroBytesDecoder": { "type": "schema_registry", "url": "http://127.0.0.1:1", "headers": { "X-Team": "a" } }, "parseSpec": {{ParseSpec}} }"""),
            Does.StartWith("avro_stream parser: parser.avroBytesDecoder.headers.X-Team is not supported"));
        Assert.That(ErrorOf($$"""{ "type": "avro_stream", "avroBytesDecoder": { "type": "schema_registry", "url": "http://127.0.0.1:1", "config": { "no.such.property": 1 } }, "parseSpec": {{ParseSpec}} }"""),
            Does.StartWith("avro_stream parser: parser.avroBytesDecoder.config:"));
        Assert.That(ErrorOf($$"""{ "type": "avro_stream", "avroBytesDecoder": { "type": "multiple_version", "schemas": { "one": {{Schema}} } }, "parseSpec": {{ParseSpec}} }"""),
            Is.EqualTo("avro_stream parser: parser.avroBytesDecoder.schemas.one: a schema id must be a 32-bit integer."));
    }

    [Test]
    public void AnUnknownDecoderTypeListsTheKnownOnes()
    {
        var error = Assert.Throws<SpecException>(() => Specs.Factory($$"""{ "type": "avro_stream", "avroBytesDecoder": { "type": "schema_repo" }, "parseSpec": {{ParseSpec}} }"""))!;

        Assert.That(error.Message, Does.Contain("schema_registry").And.Contain("schema_inline").And.Contain("multiple_version"));
    }
}
