using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Sdk;

namespace Realtime.Plugins.Formats.Tests.Avro;

public class SchemaRegistryAvroBytesDecoderTests
{
    private const string PageV1 = """
        {"type": "record", "name": "PageView", "namespace": "wiki", "fields": [
          {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "page", "type": "string"}]}
        """;

    private const string PageV2 = """
        {"type": "record", "name": "PageView", "namespace": "wiki", "fields": [
          {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "page", "type": "string"},
          {"name": "country", "type": ["null", "string"], "default": null}]}
        """;

    private static readonly DateTime Time = new(2026, 12, 3, 1, 2, 3, 456, DateTimeKind.Utc);

    private SchemaRegistryServer _registry = null!;

    [SetUp]
    public async Task StartRegistry() => _registry = await SchemaRegistryServer.StartAsync();

    [TearDown]
    public async Task StopRegistry() => await _registry.DisposeAsync();

    private IInputRowParser Parser(string config = "{}", string headers = "{}") => Specs.Parser($$"""
        { "type": "avro_stream",
          "avroBytesDecoder": { "type": "schema_registry", "url": "{{_registry.Url}}", "capacity": 100, "config": {{config}}, "headers": {{headers}} },
          "parseSpec": { "format": "avro", "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["page", "country"] } } }
        """);

    /// <summary>A record serialized by Confluent's Avro serializer, which registers its schema under the topic's value subject.</summary>
    private async Task<byte[]> Produce(string schema, string page, string? country = null)
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        var record = new GenericRecord((RecordSchema)global::Avro.Schema.Parse(schema));
        record.Add("timestamp", Time);
        record.Add("page", page);
        if (record.Schema.Contains("country"))
        {
            record.Add("country", country);
        }

        return await new AvroSerializer<GenericRecord>(client).SerializeAsync(record, new SerializationContext(MessageComponentType.Value, "pageviews"));
    }

    [Test]
    public async Task ReadsMessagesOfASchemaThatEvolvesBetweenThem()
    {
        var first = await Produce(PageV1, "Main");
        var second = await Produce(PageV2, "Talk", "NO");
        var parser = Parser();

        var rows = new[] { first, second, first, second }.Select(m => parser.Parse(m)!).ToList();

        Assert.That(AvroRecords.SchemaIdOf(second), Is.Not.EqualTo(AvroRecords.SchemaIdOf(first)));
        Assert.That(rows.Select(r => r.TimestampMillis), Is.All.EqualTo(AvroRecords.Millis(Time)));
        Assert.That(rows.Select(r => r.GetRaw("page")), Is.EqualTo(new[] { "Main", "Talk", "Main", "Talk" }));
        Assert.That(rows.Select(r => r.GetRaw("country")), Is.EqualTo(new[] { null, "NO", null, "NO" }));
        Assert.That(_registry.Fetches, Is.EqualTo(2), "each schema is fetched once, then cached");
    }

    [Test]
    public async Task AnUnknownSchemaIdIsUnparseableAndNamesTheIdAndTheRegistry()
    {
        var message = await Produce(PageV1, "Main");
        var unknown = (byte[])message.Clone();
        unknown[4] = 99;

        var parser = Parser();
        var parsed = ParsedRow<int>.Parse(parser, unknown, 0);

        Assert.That(parsed.Error, Is.TypeOf<ParseException>());
        Assert.That(parsed.Error!.Message, Does.Contain($"schema id {AvroRecords.SchemaIdOf(unknown)}").And.Contain(_registry.Url).And.Contain("does not know it"));
        Assert.That(parser.Parse(message)!.GetRaw("page"), Is.EqualTo("Main"), "later messages are read");
    }

    [Test]
    public async Task AFailingRegistryIsAskedAgainByTheClientThenTheMessageIsUnparseable()
    {
        var message = await Produce(PageV1, "Main");
        var parser = Parser("""{ "max.retries": 3, "schema.registry.retries.wait.ms": 1, "retries.max.wait.ms": 5 }""");
        _registry.FailNext(3);
        var requestsBefore = _registry.Requests;

        var error = Assert.Throws<ParseException>(() => parser.Parse(message))!;

        Assert.That(_registry.Requests - requestsBefore, Is.EqualTo(3), "the client asks max.retries times in all");
        Assert.That(error.Message, Does.Contain($"schema id {AvroRecords.SchemaIdOf(message)}").And.Contain(_registry.Url).And.Contain("could not be asked"));
        Assert.That(parser.Parse(message)!.GetRaw("page"), Is.EqualTo("Main"), "the registry is asked again once it answers");
    }

    [Test]
    public async Task AnUnreachableRegistryMakesMessagesUnparseable()
    {
        var message = await Produce(PageV1, "Main");
        var parser = Parser("""{ "max.retries": 1, "retries.wait.ms": 1, "retries.max.wait.ms": 5 }""");
        var url = _registry.Url;
        await _registry.DisposeAsync();
        _registry = await SchemaRegistryServer.StartAsync();

        var error = Assert.Throws<ParseException>(() => parser.Parse(message))!;

        Assert.That(error.Message, Does.Contain(url).And.Contain("could not be asked"));
    }

    [Test]
    public void MessagesWithoutTheWireFormatsMagicByteAreUnparseable()
    {
        var error = Assert.Throws<ParseException>(() => Parser().Parse([7, 0, 0, 0, 1, 2]))!;

        Assert.That(error.Message, Is.EqualTo("An Avro message starts with byte 7, not 0 as Confluent's wire format requires."));
    }

    [Test]
    public async Task SendsTheAuthorizationHeaderOfTheSpec()
    {
        var message = await Produce(PageV1, "Main");

        var row = Parser(headers: """{ "Authorization": "Bearer registry-token" }""").Parse(message)!;

        Assert.That(row.GetRaw("page"), Is.EqualTo("Main"));
        Assert.That(_registry.LastAuthorization, Is.EqualTo("Bearer registry-token"));
    }
}
