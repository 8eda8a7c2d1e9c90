using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Http.Receiver;

/// <summary>A pushed batch on its way to the ingest loop: its rows, its producer, and the position after its last row.</summary>
internal sealed class PushedBatch(InputRow?[] rows, ProducerBatch? producer, int skippedRows, bool durable)
{
    /// <summary>The batch's rows, without those <see cref="SkippedRows"/>.</summary>
    public InputRow?[] Rows { get; } = rows;

    /// <summary>The producer and sequence the batch was pushed with, if any.</summary>
    public ProducerBatch? Producer { get; } = producer;

    /// <summary>Leading rows of the producer's batch dropped because they were durable before a restart.</summary>
    public int SkippedRows { get; } = skippedRows;

    /// <summary>Completed once every row of the batch is persisted, when the push is answered only then.</summary>
    public TaskCompletionSource? Durable { get; } = durable ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;

    /// <summary>The position after the batch's last row among all rows that entered the buffer; set as it enters.</summary>
    public long End { get; set; }
}
