using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Parsing;

namespace Realtime.Abstractions.Firehose;

/// <summary>The spec's <c>ioConfig.firehose</c>: connects to a source of rows.</summary>
[Components.ComponentSlot("firehose")]
public interface IFirehoseFactory
{
    /// <summary>Opens the source. The pipeline calls it once, after the plumber's start job.</summary>
    /// <param name="parser">The pipeline's parser; the firehose decodes messages with it.</param>
    /// <param name="context">Services, the data source and the commit metadata of the last durable persist.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken);
}

/// <summary>What a firehose gets from the pipeline when it connects.</summary>
public sealed class FirehoseContext
{
    /// <summary>The host's services, such as the <see cref="Chat.IChatHandlerRegistry"/>.</summary>
    public required IServiceProvider Services { get; init; }

    /// <summary>The data source of the pipeline.</summary>
    public required string DataSource { get; init; }

    /// <summary>The node's clock, for timeouts, shutoff times and timers. Added in contracts 1.2; the system clock by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the firehose logs. Added in contracts 1.2; by default nothing is logged.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// The commit metadata stored with the newest persisted data, or null on a first start. A source that
    /// can seek (Kafka offsets, file positions) resumes from it to avoid both loss and double counting.
    /// </summary>
    public JsonElement? LastCommitMetadata { get; init; }

    /// <summary>
    /// Asks the pipeline to persist the rows handed out so far and then run the committer it takes from the firehose,
    /// without waiting for the plumber's own triggers (rows in memory, <c>intermediatePersistPeriod</c>). A source that
    /// acknowledges rows only once they are durable uses it so that a quiet stream still gets its acknowledgement.
    /// </summary>
    /// <remarks>
    /// Safe to call from any thread; requests made before the pipeline acts are served by one persist. The ingest loop
    /// acts before it asks the firehose for its next row, and cancels a wait in <see cref="IFirehose.HasMoreAsync"/>
    /// through its token to do so: a firehose that asks must let such a wait end without losing a row. Added in
    /// contracts 1.1; where the pipeline does not support it, the default does nothing.
    /// </remarks>
    public Action RequestPersist { get; init; } = static () => { };
}
