using System.Text.Json;

namespace Realtime.Plugins.Http.Receiver;

/// <summary>
/// What the receiver knows of each producer's batches (<c>X-Firehose-Producer-Id</c> and <c>X-Firehose-Producer-Seq</c>):
/// the last sequence let into the buffer, and after a restart how much of the last persisted batch is already durable.
/// </summary>
/// <remarks>
/// Commit metadata holds, per producer, the last sequence the ingest loop has taken rows of:
/// <c>{"producers": {"id": {"seq": 7}}}</c> when all of batch 7 was taken, <c>{"seq": 7, "rows": 300}</c> when only its
/// first 300 rows were. A retry after a restart is then skipped, or has those rows dropped, so nothing counts twice.
/// Thread-safe.
/// </remarks>
internal sealed class ProducerSequences
{
    /// <summary>Druid's limit on distinct producer ids per firehose.</summary>
    public const int MaxProducers = 10_000;

    private const string ProducersProperty = "producers";
    private readonly Dictionary<string, Producer> _producers = new(StringComparer.Ordinal);

    /// <summary>Restores the producers from commit metadata written by <see cref="ToMetadata"/>; other metadata is ignored.</summary>
    public ProducerSequences(JsonElement? metadata)
    {
        if (metadata is not { ValueKind: JsonValueKind.Object } m || !m.TryGetProperty(ProducersProperty, out var producers)
            || producers.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var producer in producers.EnumerateObject())
        {
            if (producer.Value.ValueKind == JsonValueKind.Object && producer.Value.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var sequence))
            {
                var rows = producer.Value.TryGetProperty("rows", out var r) && r.TryGetInt32(out var taken) ? taken : (int?)null;
                _producers[producer.Name] = rows is { } partial
                    ? new Producer(sequence - 1, null, new PartialBatch(sequence, partial))
                    : new Producer(sequence, null, null);
            }
        }
    }

    /// <summary>How a batch from <paramref name="producerId"/> with <paramref name="sequence"/> is to be taken.</summary>
    /// <returns>
    /// Null when the sequence is stale, with <paramref name="staleDurable"/> completing once the producer's last
    /// accepted batch is durable; otherwise the number of leading rows already durable from before a restart.
    /// </returns>
    /// <exception cref="PushRejectedException">A new producer would exceed <see cref="MaxProducers"/> (403).</exception>
    public int? Admit(string producerId, long sequence, out Task? staleDurable)
    {
        lock (_producers)
        {
            staleDurable = null;
            if (!_producers.TryGetValue(producerId, out var producer))
            {
                if (_producers.Count >= MaxProducers)
                {
                    throw new PushRejectedException(403, $"Too many distinct producer ids for this firehose; at most {MaxProducers}.");
                }

                return 0;
            }

            if (sequence <= producer.Sequence)
            {
                staleDurable = producer.Durable ?? Task.CompletedTask;
                return null;
            }

            return producer.Partial is { } partial && partial.Sequence == sequence ? partial.Rows : 0;
        }
    }

    /// <summary>Records that <paramref name="sequence"/> entered the buffer; false when a concurrent push of it (or a later one) already had.</summary>
    public bool Accept(string producerId, long sequence, Task? durable)
    {
        lock (_producers)
        {
            if (_producers.TryGetValue(producerId, out var producer) && sequence <= producer.Sequence)
            {
                return false;
            }

            _producers[producerId] = new Producer(sequence, durable, null);
            return true;
        }
    }

    /// <summary>Commit metadata for the batches the ingest loop has taken rows of: <paramref name="taken"/> by producer.</summary>
    public static JsonElement ToMetadata(IReadOnlyDictionary<string, (long Sequence, int? Rows)> taken)
    {
        var producers = taken.ToDictionary(p => p.Key, p => p.Value.Rows is { } rows
            ? new Dictionary<string, long> { ["seq"] = p.Value.Sequence, ["rows"] = rows }
            : new Dictionary<string, long> { ["seq"] = p.Value.Sequence });
        return JsonSerializer.SerializeToElement(new Dictionary<string, object> { [ProducersProperty] = producers });
    }

    /// <summary>The producers as restored, in the form <see cref="ToMetadata"/> takes, so later metadata keeps them.</summary>
    public Dictionary<string, (long Sequence, int? Rows)> Restored()
    {
        lock (_producers)
        {
            return _producers.ToDictionary(p => p.Key, p => p.Value.Partial is { } partial ? (partial.Sequence, (int?)partial.Rows) : (p.Value.Sequence, null));
        }
    }

    private sealed record Producer(long Sequence, Task? Durable, PartialBatch? Partial);

    private sealed record PartialBatch(long Sequence, int Rows);
}
