using Realtime.Abstractions.Parsing;

namespace Realtime.Abstractions.Firehose;

/// <summary>A connected source of rows, read by one ingest loop.</summary>
/// <remarks>
/// The ingest loop calls <see cref="HasMoreAsync"/> then <see cref="NextRow"/> on one thread.
/// <see cref="MakeCommitter"/> is called on that thread when a persist starts; the committer runs later on
/// another thread, once the rows read so far are durable. <see cref="IAsyncDisposable.DisposeAsync"/> may be
/// called from any thread, also while <see cref="HasMoreAsync"/> waits.
/// </remarks>
public interface IFirehose : IAsyncDisposable
{
    /// <summary>Waits until a row is available (true) or the source has ended (false).</summary>
    ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken);

    /// <summary>The next row, or null for a message that yields no row (counted as thrown away).</summary>
    /// <exception cref="ParseException">The message could not be parsed (counted as unparseable).</exception>
    InputRow? NextRow();

    /// <summary>Captures the position read so far, to be committed once everything before it is durable.</summary>
    ICommitter MakeCommitter();
}
