using System.Text.Json;
using Realtime.Plugins.Formats.Avro;

namespace Realtime.Plugins.Formats.Tests;

public class SampleSpecTests
{
    [Test]
    public void TheAvroSampleSpecsParserIsValid()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Realtime.sln")))
        {
            directory = directory.Parent ?? throw new DirectoryNotFoundException("No Realtime.sln above the test directory.");
        }

        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "samples", "specs", "wikipedia-kafka-avro.json")));
        var parser = spec.RootElement[0].GetProperty("dataSchema").GetProperty("parser").GetRawText();

        var factory = Specs.Factory(parser);

        Assert.That(factory, Is.TypeOf<AvroStreamInputRowParserFactory>());
        Assert.That(((AvroStreamInputRowParserFactory)factory).AvroBytesDecoder, Is.TypeOf<SchemaRegistryAvroBytesDecoder>());
        Assert.That(Specs.Parser(parser), Is.Not.Null, "the parser is built without asking the registry");
    }
}
