using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Firehoses;

/// <summary>
/// Druid's <c>timed</c> firehose: reads the delegate until <see cref="ShutoffTime"/>, then ends, which lets the
/// pipeline finish its job and hand its segments off (the Tranquility pattern).
/// </summary>
/// <remarks>
/// Time comes from the host's <see cref="TimeProvider"/>. At the shutoff time a wait inside the delegate's
/// <see cref="IFirehose.HasMoreAsync"/> is cancelled and the firehose reports its end; rows the delegate still buffers
/// are not read. A shutoff time already past ends the firehose at once.
/// </remarks>
public sealed class TimedShutoffFirehoseFactory : IFirehoseFactory
{
    private readonly string _shutoffTime = "";

    /// <summary>The firehose to read until the shutoff time.</summary>
    public required IFirehoseFactory Delegate { get; init; }

    /// <summary>When to stop, as an ISO-8601 date-time; without a zone it is UTC.</summary>
    /// <exception cref="ArgumentException">The text is not an ISO-8601 date-time.</exception>
    public required string ShutoffTime
    {
        get => _shutoffTime;
        init
        {
            ShutoffMillis = DateTimes.TryParseIso(value, out var millis)
                ? millis
                : throw new ArgumentException($"shutoffTime: '{value}' is not an ISO-8601 date-time.");
            _shutoffTime = value;
        }
    }

    /// <summary>The shutoff time in UTC epoch milliseconds.</summary>
    internal long ShutoffMillis { get; private init; }

    /// <inheritdoc />
    public async ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken)
    {
        var inner = await Delegate.ConnectAsync(parser, context, cancellationToken);
        var logger = context.LoggerFactory.CreateLogger<TimedShutoffFirehoseFactory>();
        var clock = context.TimeProvider;
        FirehoseLog.ShutoffScheduled(logger, DateTimes.Format(ShutoffMillis));
        return new TimedShutoffFirehose(inner, ShutoffMillis, clock, logger);
    }

    private sealed class TimedShutoffFirehose : DelegatingFirehose
    {
        /// <summary>The longest delay a timer accepts.</summary>
        private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

        private readonly long _shutoffMillis;
        private readonly TimeProvider _clock;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _shutoff = new();
        private readonly ITimer? _timer;
        private CancellationTokenSource? _linked;
        private CancellationToken _linkedTo;

        public TimedShutoffFirehose(IFirehose inner, long shutoffMillis, TimeProvider clock, ILogger logger) : base(inner)
        {
            _shutoffMillis = shutoffMillis;
            _clock = clock;
            _logger = logger;
            var remaining = Remaining();
            if (remaining <= TimeSpan.Zero)
            {
                ShutOff();
            }
            else
            {
                _timer = clock.CreateTimer(static state => ((TimedShutoffFirehose)state!).OnTimer(), this, Clamp(remaining), Timeout.InfiniteTimeSpan);
            }
        }

        public override async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
        {
            if (_shutoff.IsCancellationRequested)
            {
                return false;
            }

            try
            {
                return await Inner.HasMoreAsync(Link(cancellationToken));
            }
            catch (OperationCanceledException) when (_shutoff.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (_timer is not null)
            {
                await _timer.DisposeAsync();
            }

            await Inner.DisposeAsync();
            _linked?.Dispose();
        }

        private TimeSpan Remaining() => TimeSpan.FromMilliseconds(_shutoffMillis - _clock.GetUtcNow().ToUnixTimeMilliseconds());

        private static TimeSpan Clamp(TimeSpan delay) => delay < MaxTimerDelay ? delay : MaxTimerDelay;

        /// <summary>Fires at the shutoff time, or earlier when the delay was longer than a timer allows.</summary>
        private void OnTimer()
        {
            var remaining = Remaining();
            if (remaining <= TimeSpan.Zero)
            {
                ShutOff();
            }
            else
            {
                _timer!.Change(Clamp(remaining), Timeout.InfiniteTimeSpan);
            }
        }

        private void ShutOff()
        {
            FirehoseLog.ShutoffReached(_logger, DateTimes.Format(_shutoffMillis));
            _shutoff.Cancel();
        }

        /// <summary>A token cancelled at the shutoff time or by the caller's token; reused while the caller passes the same token.</summary>
        private CancellationToken Link(CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                return _shutoff.Token;
            }

            if (_linked is null || _linkedTo != cancellationToken)
            {
                _linked?.Dispose();
                _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutoff.Token);
                _linkedTo = cancellationToken;
            }

            return _linked.Token;
        }
    }
}
