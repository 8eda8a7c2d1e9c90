using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Moq;
using Realtime.Core.Tests.Plugins;

namespace Realtime.Plugins.Kafka.Tests;

public sealed class OffsetCommitterTests
{
    private Mock<IConsumer<Ignore, ParsedMessage>> _consumer = null!;
    private RecordingLogger<KafkaFirehoseFactory> _log = null!;

    [SetUp]
    public void SetUp()
    {
        _consumer = new Mock<IConsumer<Ignore, ParsedMessage>>();
        _log = new RecordingLogger<KafkaFirehoseFactory>();
    }

    [Test]
    public void Only_partitions_still_owned_since_the_persist_started_are_committed()
    {
        var kept = Owned(new TopicPartition("edits", 0), handedOut: 9);
        var revoked = Owned(new TopicPartition("edits", 1), handedOut: 4);
        var positions = new[] { kept.Position()!.Value, revoked.Position()!.Value };
        revoked.Revoke();
        revoked.Assign(Offset.Unset);
        IEnumerable<TopicPartitionOffset>? committed = null;
        _consumer.Setup(c => c.Commit(It.IsAny<IEnumerable<TopicPartitionOffset>>())).Callback<IEnumerable<TopicPartitionOffset>>(o => committed = o.ToList());

        new OffsetCommitter(_consumer.Object, _log).Commit(positions);

        Assert.That(committed, Is.EqualTo(new[] { new TopicPartitionOffset("edits", 0, 10) }));
    }

    [Test]
    public void A_failed_commit_is_logged_and_does_not_fail_the_persist()
    {
        _consumer.Setup(c => c.Commit(It.IsAny<IEnumerable<TopicPartitionOffset>>())).Throws(new KafkaException(ErrorCode.OffsetMetadataTooLarge));

        new OffsetCommitter(_consumer.Object, _log).Commit([Owned(new TopicPartition("edits", 0), handedOut: 2).Position()!.Value]);

        Assert.That(_log.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(e =>
            e.Level == LogLevel.Warning && e.Message.Contains("edits[0]@3") && e.Message.Contains("a later persist commits again")));
    }

    [Test]
    public void Nothing_is_committed_once_the_consumer_is_closed()
    {
        var committer = new OffsetCommitter(_consumer.Object, _log);

        committer.Close();
        committer.Commit([Owned(new TopicPartition("edits", 0), handedOut: 2).Position()!.Value]);

        _consumer.Verify(c => c.Close(), Times.Once);
        _consumer.Verify(c => c.Dispose(), Times.Once);
        _consumer.Verify(c => c.Commit(It.IsAny<IEnumerable<TopicPartitionOffset>>()), Times.Never);
    }

    [Test]
    public void Without_owned_positions_nothing_is_sent()
    {
        var revoked = Owned(new TopicPartition("edits", 0), handedOut: 2);
        var position = revoked.Position()!.Value;
        revoked.Revoke();

        new OffsetCommitter(_consumer.Object, _log).Commit([position]);

        _consumer.Verify(c => c.Commit(It.IsAny<IEnumerable<TopicPartitionOffset>>()), Times.Never);
    }

    [Test]
    public void A_wait_for_offsets_ends_when_a_commit_reaches_them()
    {
        var committer = new OffsetCommitter(_consumer.Object, _log);
        var cursor = Owned(new TopicPartition("edits", 0), handedOut: 4);
        TopicPartitionOffset[] wanted = [new("edits", 0, 5)];
        var before = committer.IsCommitted(wanted);

        var waiting = Task.Run(() => committer.AwaitCommitted(wanted, TimeSpan.FromMinutes(1), CancellationToken.None));
        committer.Commit([cursor.Position()!.Value]);

        Assert.Multiple(async () =>
        {
            Assert.That(before, Is.False);
            Assert.That(await waiting, Is.True);
            Assert.That(committer.IsCommitted(wanted), Is.True);
        });
    }

    [Test]
    public void A_wait_for_offsets_gives_up_when_a_commit_fails()
    {
        _consumer.Setup(c => c.Commit(It.IsAny<IEnumerable<TopicPartitionOffset>>())).Throws(new KafkaException(ErrorCode.RebalanceInProgress));
        var committer = new OffsetCommitter(_consumer.Object, _log);
        var cursor = Owned(new TopicPartition("edits", 0), handedOut: 4);

        var waiting = Task.Run(() => committer.AwaitCommitted([new TopicPartitionOffset("edits", 0, 5)], TimeSpan.FromMinutes(1), CancellationToken.None));
        while (!waiting.IsCompleted)
        {
            committer.Commit([cursor.Position()!.Value]);
        }

        Assert.That(waiting.Result, Is.False);
    }

    private static PartitionCursor Owned(TopicPartition partition, long handedOut)
    {
        var cursor = new PartitionCursor(partition);
        cursor.Assign(Offset.Unset);
        cursor.TryHandOut(cursor.Epoch, handedOut);
        return cursor;
    }
}
