using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Chat;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Time;

namespace Realtime.Plugins.Http.Receiver;

/// <summary>
/// Druid's <c>receiver</c> firehose (EventReceiverFirehose): events pushed over HTTP to
/// <c>POST /druid/worker/v1/chat/{serviceName}/push-events</c> wait in a bounded buffer for the ingest loop;
/// <c>POST …/shutdown</c> closes it, which finishes the job.
/// </summary>
/// <remarks>
/// Each event's JSON text goes to the pipeline's parser, so the parser must read JSON objects (<c>map</c>, or
/// <c>string</c> with a <c>json</c> parse spec). A batch is parsed and checked whole before any of it enters the
/// buffer. See <c>docs/firehose-http.md</c>.
/// </remarks>
public sealed class EventReceiverFirehoseFactory : IFirehoseFactory
{
    /// <summary>Druid's default buffer size, in events.</summary>
    public const int DefaultBufferSize = 100_000;

    private readonly int _bufferSize = DefaultBufferSize;
    private readonly long _maxIdleTime;

    /// <summary>The name the firehose answers under in the chat path (and, for <c>a:b</c>, also as <c>b</c>).</summary>
    public required string ServiceName { get; init; }

    /// <summary>How many events may wait for the ingest loop; zero or less means Druid's default of 100,000.</summary>
    /// <remarks>A batch enters whole; a batch larger than the buffer enters only when the buffer is empty.</remarks>
    public int BufferSize
    {
        get => _bufferSize;
        init => _bufferSize = value > 0 ? value : DefaultBufferSize;
    }

    /// <summary>Milliseconds without a push after which the firehose closes; zero or less (the default) never closes it.</summary>
    public long MaxIdleTime
    {
        get => _maxIdleTime;
        init => _maxIdleTime = Math.Max(0, value);
    }

    /// <summary>When a push is answered: once its events are in the buffer (Druid's way) or once they are persisted.</summary>
    public AckMode AckMode { get; init; } = AckMode.Buffered;

    /// <summary>How long a push may wait for room in the buffer and, when acknowledging durably, for its persist; then 503.</summary>
    [JsonConverter(typeof(IsoPeriodJsonConverter))]
    public TimeSpan PushTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>With durable acknowledgement, how long accepted events wait before the firehose asks the pipeline to persist them.</summary>
    [JsonConverter(typeof(IsoPeriodJsonConverter))]
    public TimeSpan DurablePersistPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest request body accepted, in bytes after decompression; larger bodies get 413.</summary>
    public long MaxRequestBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Credentials required on <c>push-events</c> and <c>shutdown</c>, or null to accept every request.</summary>
    public ReceiverAuthentication? Authentication { get; init; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The host has no chat-handler registry, or the service name is taken.</exception>
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(context);
        Validate();
        var registry = context.Services.GetService<IChatHandlerRegistry>()
            ?? throw new InvalidOperationException(
                $"The receiver firehose '{ServiceName}' needs the node's chat-handler registry: run it in a Realtime node (AddRealtime and MapRealtimeChat).");
        var firehose = new EventReceiverFirehose(this, parser, context);
        firehose.Register(registry);
        return new(firehose);
    }

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(ServiceName) || ServiceName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"receiver.serviceName must be non-empty and hold no '/': '{ServiceName}'.");
        }

        if (PushTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"receiver.pushTimeout must be positive: {PushTimeout}.");
        }

        if (DurablePersistPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"receiver.durablePersistPeriod must be positive: {DurablePersistPeriod}.");
        }

        if (MaxRequestBytes <= 0)
        {
            throw new ArgumentException($"receiver.maxRequestBytes must be positive: {MaxRequestBytes}.");
        }

        Authentication?.Validate();
    }
}

/// <summary>When the receiver answers a push.</summary>
public enum AckMode
{
    /// <summary>Once the events are in the buffer, as Druid does: a crash loses events not yet persisted.</summary>
    Buffered,

    /// <summary>Once the events are persisted and committed: a crash loses nothing that was acknowledged.</summary>
    Durable,
}
