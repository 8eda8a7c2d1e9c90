using Realtime.Abstractions.Plumbing;

namespace Realtime.Core.Plumbing;

/// <summary>
/// The flushing plumber: a sink that leaves the window is persisted and, after the flush duration, dropped.
/// Nothing is pushed or published.
/// </summary>
internal sealed class FlushingPlumber(PlumberContext context, TimeSpan flushDuration) : RealtimePlumber(context)
{
    protected override Task HandOffAsync(Sink sink, CancellationToken cancellationToken)
    {
        PersistRemaining(sink, cancellationToken);
        if (IsFinishing)
        {
            Abandon(sink);
        }
        else
        {
            _ = DropAfterFlushDurationAsync(sink);
        }

        return Task.CompletedTask;
    }

    private async Task DropAfterFlushDurationAsync(Sink sink)
    {
        try
        {
            await Task.Delay(flushDuration, Clock, Stopping);
            Abandon(sink);
            PlumberLog.Flushed(Logger, sink.Id.ToString());
        }
        catch (OperationCanceledException)
        {
        }
    }
}
