using System.Text.Json;
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
    /// <summary>The host's services (logging, the chat-handler registry, time).</summary>
    public required IServiceProvider Services { get; init; }

    /// <summary>The data source of the pipeline.</summary>
    public required string DataSource { get; init; }

    /// <summary>
    /// The commit metadata stored with the newest persisted data, or null on a first start. A source that
    /// can seek (Kafka offsets, file positions) resumes from it to avoid both loss and double counting.
    /// </summary>
    public JsonElement? LastCommitMetadata { get; init; }
}
