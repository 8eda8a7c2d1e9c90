using System.Text.Json;
using Confluent.Kafka;

namespace Realtime.Plugins.Kafka.Tests;

public sealed class OffsetMetadataTests
{
    [Test]
    public void Offsets_are_written_per_topic_and_partition_and_read_back()
    {
        var cursors = new PartitionCursors();
        cursors.Restore(new Dictionary<TopicPartition, long> { [new("pages", 0)] = 3, [new("edits", 1)] = 17, [new("edits", 0)] = 42 });

        var metadata = OffsetMetadata.Write(cursors.Positions());
        var read = OffsetMetadata.TryRead(metadata, out var offsets);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.GetRawText(), Is.EqualTo("""{"offsets":{"edits":{"0":42,"1":17},"pages":{"0":3}}}"""));
            Assert.That(read, Is.True);
            Assert.That(offsets, Is.EquivalentTo(new Dictionary<TopicPartition, long> { [new("pages", 0)] = 3, [new("edits", 1)] = 17, [new("edits", 0)] = 42 }));
        });
    }

    [TestCase("""{"completedFiles":["a.json"],"file":"b.json","line":3}""")]
    [TestCase("""{"offsets":{"edits":{"zero":1}}}""")]
    [TestCase("""{"offsets":{"edits":{"0":-5}}}""")]
    [TestCase("""{"offsets":["edits"]}""")]
    [TestCase("""{"next":5}""")]
    public void Metadata_of_another_shape_is_not_read(string json)
    {
        Assert.That(OffsetMetadata.TryRead(JsonDocument.Parse(json).RootElement, out _), Is.False);
    }
}
