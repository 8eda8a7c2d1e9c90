namespace Realtime.Plugins.Http.Receiver;

/// <summary>The time a push has to be answered: the receiver's pushTimeout from when the push arrived.</summary>
/// <param name="Started">When the push arrived, as a timestamp of <paramref name="Clock"/>.</param>
/// <param name="PushTimeout">How long the push may take.</param>
/// <param name="Clock">The receiver's clock.</param>
internal readonly record struct PushDeadline(long Started, TimeSpan PushTimeout, TimeProvider Clock)
{
    /// <summary>The time left; zero or less once the deadline has passed.</summary>
    public TimeSpan Remaining => PushTimeout - Clock.GetElapsedTime(Started);

    /// <summary>Waits for <paramref name="durable"/> (a batch's persist) until the deadline.</summary>
    /// <exception cref="PushRejectedException">The deadline passed first: 503 with <paramref name="timeoutMessage"/>.</exception>
    public async Task WaitAsync(Task durable, string timeoutMessage, CancellationToken cancellationToken)
    {
        var remaining = Remaining;
        try
        {
            await durable.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new PushRejectedException(503, timeoutMessage);
        }
    }
}
