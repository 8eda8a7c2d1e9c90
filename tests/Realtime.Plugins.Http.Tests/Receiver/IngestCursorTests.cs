using Realtime.Abstractions.Parsing;
using Realtime.Plugins.Http.Receiver;

namespace Realtime.Plugins.Http.Tests.Receiver;

public sealed class IngestCursorTests
{
    [Test]
    public void Metadata_counts_the_rows_taken_of_a_batch_read_partway_after_those_skipped_before()
    {
        var cursor = new IngestCursor(new() { ["old"] = (3, null) });
        cursor.MoveTo(new PushedBatch(new InputRow?[3], new ProducerBatch("a", 7), skippedRows: 2, durable: false));

        cursor.NextRow();
        var partway = cursor.Metadata().GetRawText();
        cursor.NextRow();
        cursor.NextRow();

        Assert.Multiple(() =>
        {
            Assert.That(partway, Is.EqualTo("""{"producers":{"old":{"seq":3},"a":{"seq":7,"rows":3}}}"""));
            Assert.That(cursor.Metadata().GetRawText(), Is.EqualTo("""{"producers":{"old":{"seq":3},"a":{"seq":7}}}"""));
        });
    }

    [Test]
    public void A_batch_read_to_its_end_stays_in_the_metadata_after_the_cursor_moves_on()
    {
        var cursor = new IngestCursor([]);
        cursor.MoveTo(new PushedBatch(new InputRow?[1], new ProducerBatch("a", 1), skippedRows: 0, durable: false));
        cursor.NextRow();

        cursor.MoveTo(new PushedBatch(new InputRow?[1], producer: null, skippedRows: 0, durable: false));

        Assert.That(cursor.Metadata().GetRawText(), Is.EqualTo("""{"producers":{"a":{"seq":1}}}"""));
    }

    [Test]
    public void The_position_counts_the_rows_handed_out_and_there_is_no_row_past_the_last()
    {
        var cursor = new IngestCursor([]);
        cursor.MoveTo(new PushedBatch(new InputRow?[2], producer: null, skippedRows: 0, durable: false));

        cursor.NextRow();
        cursor.NextRow();

        Assert.Multiple(() =>
        {
            Assert.That(cursor.Position, Is.EqualTo(2));
            Assert.That(cursor.HasRow, Is.False);
            Assert.That(() => cursor.NextRow(), Throws.InvalidOperationException);
        });
    }
}
