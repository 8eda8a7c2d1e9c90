using System.Text.Json;
using Realtime.Abstractions.Sdk;

namespace Realtime.Abstractions.Tests.Sdk;

public class LinePositionTests
{
    [Test]
    public void A_position_written_with_its_property_names_reads_back()
    {
        var position = new LinePosition(["a.json", "b.json"], "c.json", 42);

        var json = position.ToJson("completedFiles", "file");
        var read = LinePosition.Read(json, "completedFiles", "file");

        Assert.Multiple(() =>
        {
            Assert.That(json.GetRawText(), Is.EqualTo("""{"completedFiles":["a.json","b.json"],"file":"c.json","line":42}"""));
            Assert.That(read!.Completed, Is.EqualTo(new[] { "a.json", "b.json" }));
            Assert.That(read.Current, Is.EqualTo("c.json"));
            Assert.That(read.Line, Is.EqualTo(42));
        });
    }

    [Test]
    public void Between_sources_only_the_completed_ones_are_written()
    {
        var json = new LinePosition(["a.json"], null, 0).ToJson("completedUris", "uri");

        Assert.That(json.GetRawText(), Is.EqualTo("""{"completedUris":["a.json"]}"""));
    }

    [Test]
    public void No_metadata_is_the_start_and_metadata_of_another_shape_is_not_read()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LinePosition.Read(null, "completedFiles", "file"), Is.SameAs(LinePosition.Start));
            Assert.That(LinePosition.Read(JsonSerializer.SerializeToElement(new { offset = 3 }), "completedFiles", "file"), Is.Null);
            Assert.That(LinePosition.Read(JsonSerializer.SerializeToElement(new { completedFiles = new[] { 1 } }), "completedFiles", "file"), Is.Null);
        });
    }

    [Test]
    public void A_source_named_twice_as_completed_is_read_once()
    {
        var read = LinePosition.Read(JsonSerializer.SerializeToElement(new { completedFiles = new[] { "a", "a", "b" } }), "completedFiles", "file");

        Assert.That(read!.Completed, Is.EqualTo(new[] { "a", "b" }));
    }
}
