using System.Text.Json;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Http.Receiver;

/// <summary>
/// Where the ingest loop is in the pushed batches: the batch it reads, the rows handed out so far, and per producer the
/// last sequence it has taken rows of, which commit metadata carries.
/// </summary>
/// <remarks>Used by the ingest loop alone; not thread-safe.</remarks>
/// <param name="restored">The producers restored from the last commit metadata, kept in every later metadata.</param>
internal sealed class IngestCursor(Dictionary<string, (long Sequence, int? Rows)> restored)
{
    private readonly Dictionary<string, (long Sequence, int? Rows)> _taken = restored;
    private PushedBatch? _current;
    private int _next;

    /// <summary>Whether the current batch has a row left.</summary>
    public bool HasRow => _current is not null && _next < _current.Rows.Length;

    /// <summary>How many rows were handed out: the position a committer made now covers.</summary>
    public long Position { get; private set; }

    /// <summary>Records the batch read to its end as wholly taken and moves to <paramref name="batch"/>; null when the buffer ended.</summary>
    public void MoveTo(PushedBatch? batch)
    {
        if (_current is { Producer: { } producer } current && _next == current.Rows.Length)
        {
            _taken[producer.Id] = (producer.Sequence, null);
        }

        _current = batch;
        _next = 0;
    }

    /// <summary>Hands out the current batch's next row.</summary>
    /// <exception cref="InvalidOperationException">There is no row: <see cref="HasRow"/> is false.</exception>
    public InputRow? NextRow()
    {
        if (!HasRow)
        {
            throw new InvalidOperationException("NextRow was called without a row: call HasMoreAsync first.");
        }

        Position++;
        return _current!.Rows[_next++];
    }

    /// <summary>Commit metadata for the rows handed out so far, counting the rows taken of a batch read partway.</summary>
    public JsonElement Metadata()
    {
        var taken = new Dictionary<string, (long Sequence, int? Rows)>(_taken, StringComparer.Ordinal);
        if (_current is { Producer: { } producer } current)
        {
            taken[producer.Id] = _next == current.Rows.Length ? (producer.Sequence, null) : (producer.Sequence, current.SkippedRows + _next);
        }

        return ProducerSequences.ToMetadata(taken);
    }
}
