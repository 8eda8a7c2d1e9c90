using Realtime.Abstractions.Plumbing;

namespace Realtime.Core.Plumbing;

/// <summary>Druid's <c>serverTime</c> policy: accepts events within the window period of the server clock, before or after.</summary>
public sealed class ServerTimeRejectionPolicyFactory : IRejectionPolicyFactory
{
    /// <inheritdoc />
    public IRejectionPolicy Create(TimeSpan windowPeriod, TimeProvider clock) => new Policy((long)windowPeriod.TotalMilliseconds, clock);

    private sealed class Policy(long windowMillis, TimeProvider clock) : IRejectionPolicy
    {
        public long CurrentMaxTime => clock.GetUtcNow().ToUnixTimeMilliseconds();

        public bool Accept(long timestampMillis)
        {
            var now = CurrentMaxTime;
            return timestampMillis >= now - windowMillis && timestampMillis <= now + windowMillis;
        }
    }
}

/// <summary>
/// Druid's <c>messageTime</c> policy: accepts events no older than the newest event seen minus the window
/// period. There is no upper bound, so one far-future event makes everything older late.
/// </summary>
public sealed class MessageTimeRejectionPolicyFactory : IRejectionPolicyFactory
{
    /// <inheritdoc />
    public IRejectionPolicy Create(TimeSpan windowPeriod, TimeProvider clock) => new Policy((long)windowPeriod.TotalMilliseconds);

    private sealed class Policy(long windowMillis) : IRejectionPolicy
    {
        private long _maxTime = long.MinValue;

        public long CurrentMaxTime => Volatile.Read(ref _maxTime) == long.MinValue ? 0 : Volatile.Read(ref _maxTime);

        public bool Accept(long timestampMillis)
        {
            if (timestampMillis > _maxTime)
            {
                Volatile.Write(ref _maxTime, timestampMillis);
            }

            return timestampMillis >= _maxTime - windowMillis;
        }
    }
}

/// <summary>Druid's <c>none</c> policy: accepts every event; sinks are handed off only when the firehose ends.</summary>
public sealed class NoneRejectionPolicyFactory : IRejectionPolicyFactory
{
    /// <inheritdoc />
    public IRejectionPolicy Create(TimeSpan windowPeriod, TimeProvider clock) => new Policy();

    private sealed class Policy : IRejectionPolicy
    {
        public long CurrentMaxTime => 0;

        public bool Accept(long timestampMillis) => true;
    }
}
