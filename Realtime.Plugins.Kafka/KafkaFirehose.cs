using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Sdk;

namespace Realtime.Plugins.Kafka;

/// <summary>
/// A Kafka consumer feeding the ingest loop: a consume thread polls Kafka and parses each message, batches go through a
/// bounded hand-over (the contracts' ReadAheadBatches), and the ingest loop takes rows one by one.
/// </summary>
/// <remarks>
/// <para>With manual assignment (the default) the consume thread assigns the partitions itself, from the cluster's
/// metadata (<see cref="ManualAssignment"/>), and commits to the group without joining it, so a restarted node reads on
/// at once. With group assignment it subscribes as a member of the group and serves its rebalances. On revocation each
/// partition's cursor moves to a new epoch, so messages fetched from it and not yet handed out are dropped, and the
/// partition is given up once the rows handed out from it are persisted and committed (the pipeline is asked for a
/// persist). When a partition is assigned, either way, reading starts after the last message handed out (or the
/// persisted offset), unless the group has committed a later one.</para>
/// <para><see cref="MakeCommitter"/> captures the positions of the rows handed out so far. Its metadata (exactly-once
/// mode) holds them; running it commits them for the partitions still owned.</para>
/// </remarks>
internal sealed class KafkaFirehose : IFirehose
{
    private const int BatchSize = 1024;
    private const int BatchesAhead = 16;
    private static readonly TimeSpan CommittedTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the consume thread waits for a message before it looks at its other work (closing, new partitions).</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a revocation waits for the rows read from the partitions to be persisted and committed.</summary>
    private static readonly TimeSpan RevocationCommitTimeout = TimeSpan.FromSeconds(30);

    private readonly KafkaConsumerSettings _settings;
    private readonly IConsumer<Ignore, ParsedMessage> _consumer;
    private readonly PartitionCursors _cursors;
    private readonly OffsetCommitter _committer;
    private readonly ILogger _logger;
    private readonly Action _requestPersist;
    private readonly ReadAheadBatches<ParsedRow<FetchedAt>> _batches = new(BatchSize, BatchesAhead);
    private readonly CancellationTokenSource _closed = new();
    private readonly ManualAssignment? _manual;
    private readonly Task _consuming;
    private ParsedRow<FetchedAt> _current;
    private bool _hasCurrent;

    private KafkaFirehose(KafkaConsumerSettings settings, IInputRowParser parser, PartitionCursors cursors, Action requestPersist, ILogger logger)
    {
        _settings = settings;
        _cursors = cursors;
        _requestPersist = requestPersist;
        _logger = logger;
        try
        {
            _consumer = new ConsumerBuilder<Ignore, ParsedMessage>(settings.Properties)
                .SetValueDeserializer(new ParsingDeserializer(parser))
                .SetPartitionsAssignedHandler((consumer, partitions) => OnAssigned(consumer, partitions))
                .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions))
                .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
                .SetErrorHandler((_, error) => KafkaLog.ConsumerError(logger, error.Code, error.Reason))
                .SetLogHandler((_, message) => KafkaLog.Librdkafka(logger, KafkaLog.LevelOf(message.Level), message.Facility, message.Message))
                .Build();
        }
        catch (Exception e) when (e is ArgumentException or KafkaException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Kafka firehose: the consumer could not be created: {e.Message}", e);
        }

        _committer = new OffsetCommitter(_consumer, logger);
        _manual = settings.Assignment == PartitionAssignment.Manual ? new ManualAssignment(_consumer.Handle, settings) : null;
        _consuming = Task.Factory.StartNew(Consume, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Starts a firehose: loads librdkafka, resumes from the persisted offsets, and takes partitions or joins the group.</summary>
    /// <exception cref="InvalidOperationException">librdkafka could not be loaded, or it refused a consumer property.</exception>
    public static KafkaFirehose Connect(KafkaConsumerSettings settings, IInputRowParser parser, FirehoseContext context)
    {
        var logger = context.LoggerFactory.CreateLogger<KafkaFirehoseFactory>();
        var version = Librdkafka.EnsureLoaded();
        foreach (var note in settings.Notes)
        {
            KafkaLog.SpecNote(logger, note);
        }

        KafkaLog.Connecting(logger, version, settings.Properties[KafkaConsumerSettings.BootstrapServers], string.Join(", ", settings.Subscription),
            settings.Assignment == PartitionAssignment.Manual
                ? $"assigning {(settings.Partitions is { } partitions ? "partitions " + string.Join(", ", partitions) : "every partition")} itself"
                : "joining the group's rebalances",
            settings.Properties[KafkaConsumerSettings.GroupId], settings.ExactlyOnce ? "exactly-once: offsets are stored with each persist" : "at-least-once");
        var cursors = new PartitionCursors();
        if (!settings.ExactlyOnce)
        {
            KafkaLog.AtLeastOnce(logger);
        }
        else if (context.LastCommitMetadata is { } metadata)
        {
            if (OffsetMetadata.TryRead(metadata, out var offsets))
            {
                cursors.Restore(offsets);
                KafkaLog.Resuming(logger, KafkaLog.Offsets(offsets.Select(o => new TopicPartitionOffset(o.Key, o.Value))));
            }
            else
            {
                KafkaLog.MetadataIgnored(logger, metadata.GetRawText());
            }
        }

        return new KafkaFirehose(settings, parser, cursors, context.RequestPersist, logger);
    }

    /// <summary>Waits until a row is available. A Kafka topic has no end: this never returns false.</summary>
    /// <exception cref="KafkaException">The consumer failed for good (a fatal librdkafka error).</exception>
    /// <exception cref="OperationCanceledException">The node is stopping, or the firehose was closed.</exception>
    public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_batches.TryTake(out var message))
            {
                if (message.Position.Cursor.TryHandOut(message.Position.Epoch, message.Position.Offset))
                {
                    _current = message;
                    _hasCurrent = true;
                    return true;
                }
            }

            if (!await _batches.WaitToTakeAsync(cancellationToken))
            {
                return false;
            }
        }
    }

    /// <inheritdoc />
    public InputRow? NextRow()
    {
        if (!_hasCurrent)
        {
            throw new InvalidOperationException("NextRow was called without a row: call HasMoreAsync first.");
        }

        _hasCurrent = false;
        return _current.RowOrThrow();
    }

    /// <inheritdoc />
    public ICommitter MakeCommitter()
    {
        var positions = _cursors.Positions();
        return Committers.Create(_settings.ExactlyOnce ? OffsetMetadata.Write(positions) : null, () => _committer.Commit(positions));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        await _consuming;
        _closed.Dispose();
    }

    private void Consume()
    {
        try
        {
            if (_manual is null)
            {
                _consumer.Subscribe(_settings.Subscription);
            }

            while (true)
            {
                if (_manual is not null)
                {
                    AssignNewPartitions(_manual);
                }

                var result = ConsumeOne();
                if (result is null)
                {
                    _batches.Flush(_closed.Token);
                }
                else if (result.Message is { } message)
                {
                    var cursor = _cursors.For(result.Topic, result.Partition.Value);
                    var value = message.Value;
                    var error = value.Error is { } e ? new ParseException($"{KafkaLog.Where(result.Topic, result.Partition.Value, result.Offset.Value)}: {e.Message}", e.Input, e) : null;
                    _batches.Add(new ParsedRow<FetchedAt>(value.Row, error, new FetchedAt(cursor, cursor.Epoch, result.Offset.Value)), _closed.Token);
                }
            }
        }
        catch (Exception e)
        {
            _batches.Fail(e);
        }
        finally
        {
            _manual?.Dispose();
            _committer.Close();
        }
    }

    /// <summary>
    /// The next message, null when none is ready (pending messages are then handed over first), or a result without a
    /// message (a partition end). An unreadable message becomes a pending parse error; other errors are logged.
    /// </summary>
    /// <exception cref="KafkaException">A fatal error: the consumer cannot go on.</exception>
    /// <exception cref="OperationCanceledException">The firehose is closing.</exception>
    private ConsumeResult<Ignore, ParsedMessage>? ConsumeOne()
    {
        while (true)
        {
            try
            {
                if (_batches.Pending > 0)
                {
                    return _consumer.Consume(TimeSpan.Zero);
                }

                _closed.Token.ThrowIfCancellationRequested();
                return _consumer.Consume(IdlePoll);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal && e.ConsumerRecord is { } record)
            {
                var where = KafkaLog.Where(record.Topic, record.Partition.Value, record.Offset.Value);
                var cursor = _cursors.For(record.Topic, record.Partition.Value);
                var input = record.Message?.Value is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
                var error = new ParseException($"{where}: the message could not be read: {e.Error.Reason}", input, e);
                _batches.Add(new ParsedRow<FetchedAt>(null, error, new FetchedAt(cursor, cursor.Epoch, record.Offset.Value)), _closed.Token);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                KafkaLog.ConsumerError(_logger, e.Error.Code, e.Error.Reason);
            }
        }
    }

    /// <summary>Assigns partitions found since the last look, starting each where <see cref="OnAssigned"/> says.</summary>
    private void AssignNewPartitions(ManualAssignment manual)
    {
        IReadOnlyList<TopicPartition> fresh;
        try
        {
            fresh = manual.TakeNew();
        }
        catch (KafkaException e)
        {
            KafkaLog.MetadataUnavailable(_logger, e.Message);
            return;
        }

        if (fresh.Count > 0)
        {
            _consumer.IncrementalAssign(OnAssigned(_consumer, fresh));
        }
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<Ignore, ParsedMessage> consumer, IReadOnlyList<TopicPartition> partitions)
    {
        var offsets = _cursors.Assign(partitions, known =>
        {
            try
            {
                return consumer.Committed(known, CommittedTimeout);
            }
            catch (KafkaException e)
            {
                KafkaLog.CommittedUnknown(_logger, KafkaLog.Partitions(known), e.Message);
                return [];
            }
        });
        KafkaLog.Assigned(_logger, KafkaLog.Offsets(offsets));
        return offsets;
    }

    /// <summary>
    /// Gives partitions up once the rows read from them are committed: the pipeline is asked to persist now, and the
    /// revocation (and so the group's rebalance) waits for that commit, so that the partitions' next owner starts after
    /// those rows. Not while the firehose closes: its last persist has already committed.
    /// </summary>
    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        var revoked = partitions.Select(p => p.TopicPartition).ToList();
        var reached = _cursors.StopHandingOut(revoked);
        if (!_closed.IsCancellationRequested && !_committer.IsCommitted(reached))
        {
            KafkaLog.CommittingBeforeRevocation(_logger, KafkaLog.Offsets(reached));
            _requestPersist();
            if (!_committer.AwaitCommitted(reached, RevocationCommitTimeout, _closed.Token))
            {
                KafkaLog.RevokedUncommitted(_logger, KafkaLog.Offsets(reached));
            }
        }

        _cursors.Revoke(revoked);
        KafkaLog.Revoked(_logger, "revoked", KafkaLog.Partitions(revoked));
    }

    /// <summary>Partitions already taken from this consumer (its session expired): nothing can be committed for them.</summary>
    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        var lost = partitions.Select(p => p.TopicPartition).ToList();
        _cursors.Revoke(lost);
        KafkaLog.Revoked(_logger, "lost", KafkaLog.Partitions(lost));
    }

    /// <summary>Where a fetched message came from: its partition's cursor, that cursor's epoch when it was fetched, and its offset.</summary>
    private readonly record struct FetchedAt(PartitionCursor Cursor, int Epoch, long Offset);
}
