using Confluent.Kafka;

namespace Realtime.Plugins.Kafka.Tests;

public sealed class PartitionCursorTests
{
    private static readonly TopicPartition Edits0 = new("edits", 0);

    [Test]
    public void Messages_of_the_current_assignment_are_handed_out_and_move_the_position()
    {
        var cursor = new PartitionCursor(Edits0);
        Assert.That(cursor.Assign(Offset.Unset), Is.EqualTo(Offset.Unset), "no position known: the group's offset decides");
        var epoch = cursor.Epoch;

        Assert.Multiple(() =>
        {
            Assert.That(cursor.TryHandOut(epoch, 41), Is.True);
            Assert.That(cursor.Position(), Is.EqualTo(new CursorPosition(cursor, 42, epoch)));
        });
    }

    [Test]
    public void Messages_fetched_before_a_revocation_are_dropped_and_a_new_assignment_resumes_after_the_last_one_handed_out()
    {
        var cursor = new PartitionCursor(Edits0);
        cursor.Assign(Offset.Unset);
        var before = cursor.Epoch;
        cursor.TryHandOut(before, 10);

        cursor.Revoke();
        var afterRevoke = cursor.TryHandOut(before, 11);
        var start = cursor.Assign(new Offset(5));

        Assert.Multiple(() =>
        {
            Assert.That(afterRevoke, Is.False);
            Assert.That(start, Is.EqualTo(new Offset(11)), "the group's older offset 5 would repeat offsets 5 to 10");
            Assert.That(cursor.TryHandOut(before, 11), Is.False, "a message of the old assignment stays dropped");
            Assert.That(cursor.TryHandOut(cursor.Epoch, 11), Is.True);
        });
    }

    [Test]
    public void Stopping_ahead_of_a_revocation_drops_fetched_messages_but_lets_the_rows_handed_out_be_committed()
    {
        var cursor = new PartitionCursor(Edits0);
        cursor.Assign(Offset.Unset);
        var fetchedBefore = cursor.Epoch;
        cursor.TryHandOut(fetchedBefore, 6);
        var before = cursor.Position()!.Value;

        var reached = cursor.StopHandingOut();
        var after = cursor.Position()!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(reached, Is.EqualTo(7));
            Assert.That(cursor.TryHandOut(fetchedBefore, 7), Is.False);
            Assert.That(cursor.IsCurrent(after), Is.True, "a persist asked for now commits the rows handed out");
            Assert.That(cursor.IsCurrent(before), Is.False);
        });
    }

    [Test]
    public void A_restored_position_wins_over_an_older_group_offset_and_yields_to_a_later_one()
    {
        var older = new PartitionCursor(Edits0);
        older.Restore(100);
        var later = new PartitionCursor(Edits0);
        later.Restore(100);

        Assert.Multiple(() =>
        {
            Assert.That(older.Assign(new Offset(60)), Is.EqualTo(new Offset(100)));
            Assert.That(later.Assign(new Offset(130)), Is.EqualTo(new Offset(130)));
            Assert.That(later.Position()!.Value.Next, Is.EqualTo(130));
        });
    }

    [Test]
    public void A_position_may_be_committed_only_while_its_assignment_lasts()
    {
        var cursor = new PartitionCursor(Edits0);
        cursor.Assign(Offset.Unset);
        cursor.TryHandOut(cursor.Epoch, 7);
        var position = cursor.Position()!.Value;
        var current = cursor.IsCurrent(position);

        cursor.Revoke();
        var revoked = cursor.IsCurrent(position);
        cursor.Assign(Offset.Unset);

        Assert.Multiple(() =>
        {
            Assert.That(current, Is.True);
            Assert.That(revoked, Is.False);
            Assert.That(cursor.IsCurrent(position), Is.False, "assigned again: the partition may have been read further elsewhere meanwhile");
        });
    }

    [Test]
    public void Cursors_ask_the_group_only_for_partitions_with_a_known_position()
    {
        var cursors = new PartitionCursors();
        cursors.Restore(new Dictionary<TopicPartition, long> { [Edits0] = 20 });
        var asked = new List<TopicPartition>();

        var start = cursors.Assign([Edits0, new TopicPartition("edits", 1)], known =>
        {
            asked.AddRange(known);
            return [new TopicPartitionOffset(Edits0, 25)];
        });

        Assert.Multiple(() =>
        {
            Assert.That(asked, Is.EqualTo(new[] { Edits0 }));
            Assert.That(start, Is.EqualTo(new[] { new TopicPartitionOffset(Edits0, 25), new TopicPartitionOffset("edits", 1, Offset.Unset) }));
            Assert.That(cursors.Positions().Select(p => (p.Cursor.Partition, p.Next)), Is.EqualTo(new[] { (Edits0, 25L) }));
        });
    }
}
