using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Chat;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Time;

namespace Realtime.Plugins.Http.Receiver;

/// <summary>
/// The receiver firehose: a chat handler that takes pushed batches into a bounded buffer, and the firehose the ingest
/// loop reads that buffer through.
/// </summary>
/// <remarks>
/// <para>Requests run concurrently. A push is authenticated (by the node's security when it is on, else by
/// <see cref="ReceiverAuthentication"/>), checked against its
/// producer's last sequence (<see cref="ProducerSequences"/>), read and parsed whole (<see cref="PushDecoder"/>), and
/// enters the <see cref="BatchBuffer"/> whole or not at all; while the buffer is full it waits, up to
/// <see cref="EventReceiverFirehoseFactory.PushTimeout"/>, then gets 503 with <c>Retry-After</c>.</para>
/// <para>With durable acknowledgement a push is answered once the <see cref="AcknowledgementLedger"/> learns from a
/// committer that its rows are persisted. The ingest loop reads through an <see cref="IngestCursor"/>, whose position
/// each committer carries. <see cref="Shutoff"/> closes the firehose at a requested time or when pushes stop.</para>
/// </remarks>
internal sealed class EventReceiverFirehose : IFirehose, IChatHandler
{
    private const string RetryAfterSeconds = "1";
    private static readonly IReadOnlyDictionary<string, string> RetryAfter = new Dictionary<string, string> { ["Retry-After"] = RetryAfterSeconds };

    private readonly EventReceiverFirehoseFactory _spec;
    private readonly PushDecoder _decoder;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ProducerSequences _producers;
    private readonly BatchBuffer _buffer;
    private readonly AcknowledgementLedger? _ledger;
    private readonly Shutoff _shutoff;
    private readonly IngestCursor _cursor;
    private IDisposable? _registration;
    private int _supersededLogged;

    public EventReceiverFirehose(EventReceiverFirehoseFactory spec, IInputRowParser parser, FirehoseContext context)
    {
        _spec = spec;
        _decoder = new PushDecoder(parser, spec.MaxRequestBytes);
        _clock = context.TimeProvider;
        _logger = context.LoggerFactory.CreateLogger<EventReceiverFirehoseFactory>();
        _producers = new ProducerSequences(context.LastCommitMetadata);
        var restored = _producers.Restored();
        if (restored.Count > 0)
        {
            HttpLog.ReceiverProducersRestored(_logger, spec.ServiceName, restored.Count);
        }

        _cursor = new IngestCursor(restored);

        if (spec.AckMode == AckMode.Durable)
        {
            _ledger = new AcknowledgementLedger(spec, context.RequestPersist, _clock, _logger);
        }

        _buffer = new BatchBuffer(spec, _producers, _ledger);
        _shutoff = new Shutoff(spec.MaxIdleTime, _clock, Close);
    }

    /// <summary>Registers the chat handler under the service name (and its suffix after the last ':').</summary>
    public void Register(IChatHandlerRegistry registry)
    {
        _registration = registry.Register(_spec.ServiceName, this);
        HttpLog.ReceiverConnected(_logger, _spec.ServiceName, _spec.BufferSize, _spec.AckMode.ToString().ToLowerInvariant());
    }

    /// <inheritdoc />
    public async ValueTask<ChatResponse> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return request.Action switch
            {
                "push-events" when request.Method == "POST" => await PushAsync(request, cancellationToken),
                "shutdown" when request.Method == "POST" => Shutdown(request),
                "push-events" or "shutdown" => ChatResponse.Error(405, $"{request.Action} takes POST, not {request.Method}."),
                _ => ChatResponse.Error(404, $"The receiver firehose '{_spec.ServiceName}' answers POST push-events and POST shutdown, not '{request.Action}'."),
            };
        }
        catch (PushRejectedException e)
        {
            HttpLog.ReceiverPushRefused(_logger, _spec.ServiceName, e.StatusCode, e.Message);
            var headers = e.StatusCode switch
            {
                401 => new Dictionary<string, string> { ["WWW-Authenticate"] = _spec.Authentication!.Challenge },
                503 => RetryAfter,
                _ => null,
            };
            return ChatResponse.Error(e.StatusCode, e.Message, headers);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        while (!_cursor.HasRow)
        {
            var batch = await _buffer.TakeAsync(cancellationToken);
            _cursor.MoveTo(batch);
            if (batch is null)
            {
                if (_ledger is not null)
                {
                    await _ledger.AwaitLastAsync(cancellationToken);
                }

                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public InputRow? NextRow() => _cursor.NextRow();

    /// <inheritdoc />
    public ICommitter MakeCommitter()
    {
        var position = _cursor.Position;
        return Committers.Create(_cursor.Metadata(), () => _ledger?.Acknowledge(position));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Close(CloseReason.Stopping);
        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }

        await _shutoff.DisposeAsync();
    }

    /// <summary>Closes the firehose: no more pushes; the ingest loop drains the buffer and then ends.</summary>
    private void Close(CloseReason reason)
    {
        if (!_buffer.Close(reason))
        {
            return;
        }

        _registration?.Dispose();
        HttpLog.ReceiverClosing(_logger, _spec.ServiceName, reason switch
        {
            CloseReason.ShutDown => "shutdown requested",
            CloseReason.Idle => $"no push for maxIdleTime ({_spec.MaxIdleTime} ms)",
            _ => "the pipeline is stopping",
        });
    }

    private async Task<ChatResponse> PushAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        var deadline = new PushDeadline(started, _spec.PushTimeout, _clock);
        _shutoff.Pushed(started);
        Authenticate(request);
        var headers = PushHeaders.Read(request);
        var producer = headers.Producer;
        var skip = 0;
        if (producer is { } p)
        {
            if (_producers.Admit(p.Id, p.Sequence, out var staleDurable) is not { } admitted)
            {
                return await SkippedAsync(staleDurable!, deadline, cancellationToken);
            }

            skip = admitted;
        }

        var rows = await _decoder.DecodeAsync(request.Body, headers, cancellationToken);
        if (skip > 0)
        {
            rows = rows[Math.Min(skip, rows.Length)..];
        }

        var batch = new PushedBatch(rows, producer, skip, _ledger is not null && rows.Length > 0);
        if (await _buffer.EnqueueAsync(batch, deadline, cancellationToken) is { } concurrentDurable)
        {
            return await SkippedAsync(concurrentDurable, deadline, cancellationToken);
        }

        if (batch.Durable is { } durable)
        {
            await deadline.WaitAsync(durable.Task,
                "The events were accepted but not persisted within pushTimeout; they will still be ingested, so a retry without a producer id may count them twice.",
                cancellationToken);
        }

        return ChatResponse.Json(200, new EventCount(rows.Length));
    }

    private static async Task<ChatResponse> SkippedAsync(Task durable, PushDeadline deadline, CancellationToken cancellationToken)
    {
        await deadline.WaitAsync(durable,
            "A batch with this producer sequence was accepted before but is not persisted yet; retry to learn when it is.", cancellationToken);
        return ChatResponse.Json(200, new SkippedCount(0, true));
    }

    private ChatResponse Shutdown(ChatRequest request)
    {
        Authenticate(request);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var shutoff = now;
        if (request.Query.TryGetValue("shutoffTime", out var text) && !string.IsNullOrEmpty(text) && !DateTimes.TryParseIso(text, out shutoff))
        {
            throw new PushRejectedException(400, $"shutoffTime '{text}' is not an ISO-8601 date-time.");
        }

        HttpLog.ReceiverShutoffScheduled(_logger, _spec.ServiceName, DateTimes.Format(shutoff));
        _shutoff.At(shutoff, now);
        return ChatResponse.Json(200, new ShutoffResponse(DateTimes.Format(shutoff)));
    }

    // A request the node's security let through carries its caller and has been authorized; the receiver's own
    // credentials apply only on a node without security, so one mechanism decides at a time.
    private void Authenticate(ChatRequest request)
    {
        if (request.User is null)
        {
            _spec.Authentication?.Authenticate(request.Header("Authorization"));
        }
        else if (_spec.Authentication is not null && Interlocked.Exchange(ref _supersededLogged, 1) == 0)
        {
            HttpLog.ReceiverAuthenticationSuperseded(_logger, _spec.ServiceName);
        }
    }

    private sealed record EventCount([property: JsonPropertyName("eventCount")] long Count);

    private sealed record SkippedCount([property: JsonPropertyName("eventCount")] long Count, [property: JsonPropertyName("skipped")] bool Skipped);

    private sealed record ShutoffResponse([property: JsonPropertyName("shutoffTime")] string ShutoffTime);
}
