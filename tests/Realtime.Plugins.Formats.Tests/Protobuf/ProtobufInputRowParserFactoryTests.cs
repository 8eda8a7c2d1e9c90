using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats.Tests.Protobuf;

public class ProtobufInputRowParserFactoryTests
{
    private static readonly DateTime Time = new(2026, 12, 3, 4, 5, 6, 789, DateTimeKind.Utc);

    private readonly List<string> _files = [];

    [TearDown]
    public void DeleteDescriptorSets() => _files.ForEach(File.Delete);

    private string DescriptorSet(bool includeTimestamp)
    {
        var path = EditMessages.WriteDescriptorSet(includeTimestamp);
        _files.Add(path);
        return path;
    }

    private static IInputRowParser Parser(string descriptor, string messageType = "wiki.Edit", string flattenSpec = """{ "useFieldDiscovery": true }""") => Specs.Parser($$"""
        { "type": "protobuf", "descriptor": "{{descriptor}}", "protoMessageType": "{{messageType}}",
          "parseSpec": { "format": "protobuf", "timestampSpec": { "column": "time", "format": "auto" }, "flattenSpec": {{flattenSpec}} } }
        """);

    [Test]
    public void ReadsScalarsEnumsBytesRepeatedFieldsAndTimestamps()
    {
        var parser = Parser(DescriptorSet(includeTimestamp: true));

        var row = parser.Parse(EditMessages.Edit(Time, "Main", 42, "CREATE", "Oslo", ["a", "b"], [3, 1, 2], new() { ["color"] = "red" }, ulong.MaxValue))!;

        Assert.Multiple(() =>
        {
            Assert.That(row.TimestampMillis, Is.EqualTo(new DateTimeOffset(Time).ToUnixTimeMilliseconds()));
            Assert.That(row.GetRaw("page"), Is.EqualTo("Main"));
            Assert.That(row.GetRaw("added"), Is.EqualTo(42L));
            Assert.That(row.GetRaw("delta"), Is.EqualTo(-5L));
            Assert.That(row.GetRaw("ratio"), Is.EqualTo(42 / 3d));
            Assert.That(row.GetRaw("robot"), Is.EqualTo(true));
            Assert.That(row.GetRaw("payload"), Is.EqualTo(Convert.ToBase64String(Encoding.UTF8.GetBytes("Main"))));
            Assert.That(row.GetRaw("kind"), Is.EqualTo("CREATE"));
            Assert.That(row.GetDimension("tags"), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(row.GetDimension("scores"), Is.EqualTo(new[] { "3", "1", "2" }), "a packed repeated field");
            Assert.That(row.GetRaw("weight"), Is.EqualTo(0.25));
            Assert.That(row.GetRaw("count"), Is.EqualTo((double)ulong.MaxValue));
            Assert.That(row.GetRaw("offset"), Is.EqualTo(-42L));
            Assert.That(row.Dimensions, Does.Not.Contain("user").And.Not.Contain("attributes"));
        });
    }

    [Test]
    public void FlattensNestedMessagesRepeatedIndexesAndMapKeys()
    {
        var parser = Parser(DescriptorSet(includeTimestamp: false), "Edit", """
            { "useFieldDiscovery": false, "fields": [ "time", "page",
              { "type": "path", "name": "city", "expr": "$.user.address.city" },
              { "type": "path", "name": "userName", "expr": "$.user.name" },
              { "type": "path", "name": "firstTag", "expr": "$.tags[0]" },
              { "type": "path", "name": "color", "expr": "$.attributes.color" } ] }
            """);

        var row = parser.Parse(EditMessages.Edit(Time, "Talk", 1, "EDIT", "Bergen", ["x", "y"], [], new() { ["color"] = "blue", ["size"] = "L" }, 7))!;

        Assert.That(row.Dimensions, Is.EqualTo(new[] { "page", "city", "userName", "firstTag", "color" }));
        Assert.That(row.Dimensions.Select(row.GetRaw), Is.EqualTo(new object[] { "Talk", "Bergen", "user-Talk", "x", "blue" }));
    }

    [Test]
    public void ReadsMessagesOfAGeneratedTypeThroughItsDescriptor()
    {
        var set = new FileDescriptorSet { File = { FileDescriptorProto.Parser.ParseFrom(DescriptorReflection.Descriptor.SerializedData) } };
        var path = Path.Combine(Path.GetTempPath(), $"descriptor-{Guid.NewGuid():N}.desc");
        _files.Add(path);
        File.WriteAllBytes(path, set.ToByteArray());
        var parser = Specs.Parser($$"""
            { "type": "protobuf", "descriptor": "{{new Uri(path)}}", "protoMessageType": "google.protobuf.FileDescriptorProto",
              "parseSpec": { "format": "json", "timestampSpec": { "column": "t", "missingValue": "2026-01-01T00:00:00Z" },
                "flattenSpec": { "fields": [
                  { "type": "path", "name": "message", "expr": "$.message_type[0].name" },
                  { "type": "path", "name": "fieldType", "expr": "$.message_type[0].field[1].type" },
                  { "type": "path", "name": "mapEntry", "expr": "$.message_type[0].nested_type[0].options.map_entry" } ] } } }
            """);

        var row = parser.Parse(EditMessages.File.ToByteArray())!;

        Assert.That(row.GetRaw("name"), Is.EqualTo(EditMessages.File.Name));
        Assert.That(row.GetDimension("dependency"), Is.EqualTo(EditMessages.File.Dependency));
        Assert.That(row.GetRaw("message"), Is.EqualTo(EditMessages.File.MessageType[0].Name));
        Assert.That(row.GetRaw("fieldType"), Is.EqualTo("TYPE_STRING"));
        Assert.That(row.GetRaw("mapEntry"), Is.EqualTo(true));
    }

    [Test]
    public void AMalformedMessageIsUnparseable()
    {
        var message = EditMessages.Edit(Time, "Main", 1, "EDIT", "Oslo", [], [], [], 1);

        var error = Assert.Throws<ParseException>(() => Parser(DescriptorSet(includeTimestamp: true)).Parse(message.AsSpan(0, 10)))!;

        Assert.That(error.Message, Does.StartWith("Malformed protobuf message of type wiki.Edit"));
    }

    [Test]
    public void SpecErrorsNameTheField()
    {
        var descriptor = DescriptorSet(includeTimestamp: true);

        Assert.That(Assert.Throws<ArgumentException>(() => Parser(descriptor, "wiki.Missing"))!.Message,
            Does.StartWith("protobuf parser: parser.protoMessageType 'wiki.Missing' is not in parser.descriptor; known: ").And.Contain("wiki.Edit").And.Contain("wiki.User"));
        Assert.That(Assert.Throws<ArgumentException>(() => Parser(descriptor + ".absent"))!.Message,
            Does.StartWith($"protobuf parser: parser.descriptor '{descriptor}.absent' cannot be read"));
        Assert.That(Assert.Throws<ArgumentException>(() => Specs.Parser($$"""{ "type": "protobuf", "descriptor": "{{descriptor}}", "parseSpec": { "format": "avro" } }"""))!.Message,
            Is.EqualTo("protobuf parser: parser.parseSpec.format must be 'protobuf' or 'json', not \"avro\"."));
    }

    [Test]
    public void WithoutAMessageTypeReadsTheFirstMessageOfTheLastFile()
    {
        var parser = Specs.Parser($$"""
            { "type": "protobuf", "descriptor": "{{DescriptorSet(includeTimestamp: true)}}",
              "parseSpec": { "timestampSpec": { "column": "time", "format": "millis" }, "dimensionsSpec": { "dimensions": ["page"] } } }
            """);

        var row = parser.Parse(EditMessages.Edit(Time, "Main", 1, "EDIT", "Oslo", [], [], [], 1))!;

        Assert.That(EditMessages.File.MessageType[0].Name, Is.EqualTo("Edit"));
        Assert.That((row.TimestampMillis, row.GetRaw("page")), Is.EqualTo((new DateTimeOffset(Time).ToUnixTimeMilliseconds(), (object)"Main")));
    }
}
