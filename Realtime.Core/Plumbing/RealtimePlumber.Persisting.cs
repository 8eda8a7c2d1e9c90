using System.Diagnostics;
using System.Text.Json;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Sdk;

namespace Realtime.Core.Plumbing;

// Persisting: the persist thread writes swapped hydrants, then runs the committer.
internal partial class RealtimePlumber
{
    /// <summary>Writes every hydrant of a sealed sink that is still in memory (without a commit).</summary>
    protected void PersistRemaining(Sink sink, CancellationToken cancellationToken)
    {
        sink.Seal();
        sink.Swap();
        foreach (var hydrant in sink.Hydrants)
        {
            PersistHydrant(sink, hydrant, null, cancellationToken);
        }
    }

    private void PersistHydrants(List<(Sink Sink, Hydrant Hydrant)> swapped, ICommitter committer)
    {
        var started = Stopwatch.StartNew();
        try
        {
            var metadata = CommitRecord.Wrap(Interlocked.Increment(ref _persistSequence), committer.Metadata);
            long rows = 0;
            foreach (var (sink, hydrant) in swapped)
            {
                rows += PersistHydrant(sink, hydrant, metadata, Stopping);
            }

            Context.Metrics.RowsOutput(rows);
            Context.Metrics.PersistCompleted(started.Elapsed);
            PlumberLog.Persisted(Logger, swapped.Count, rows, started.ElapsedMilliseconds);
            committer.Run();
        }
        catch (Exception e) when (e is not OperationCanceledException || !Stopping.IsCancellationRequested)
        {
            Context.Metrics.PersistFailed();
            PlumberLog.PersistFailed(Logger, e);
        }
        finally
        {
            _persistSlots.Release();
        }
    }

    private int PersistHydrant(Sink sink, Hydrant hydrant, JsonElement? metadata, CancellationToken cancellationToken)
    {
        lock (hydrant)
        {
            if (hydrant.InMemory is not { RowCount: > 0 } index)
            {
                return 0;
            }

            var directory = Path.Combine(SinkDirectory(sink.Id.Interval), hydrant.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            var rows = index.RowCount;
            hydrant.Swap(Context.Indexes.Persist(index, directory, metadata, cancellationToken));
            return rows;
        }
    }

    private async Task RunPersistQueueAsync()
    {
        await foreach (var persist in _persistQueue.Reader.ReadAllAsync())
        {
            persist();
        }
    }

    /// <summary>The commit metadata stored with persisted hydrants: the firehose's metadata and the persist's sequence number.</summary>
    private sealed record CommitRecord(long Sequence, JsonElement? Metadata)
    {
        public static JsonElement Wrap(long sequence, JsonElement? metadata) => JsonSerializer.SerializeToElement(new CommitRecord(sequence, metadata));

        public static CommitRecord? Unwrap(JsonElement? stored) =>
            stored is { ValueKind: JsonValueKind.Object } element ? element.Deserialize<CommitRecord>() : null;
    }
}
