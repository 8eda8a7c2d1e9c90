using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using TimeInterval = Realtime.Abstractions.Time.Interval;

namespace Realtime.Core.Firehoses;

/// <summary>Druid's <c>clipped</c> firehose: rows of the delegate outside <see cref="Interval"/> become null rows (thrown away).</summary>
public sealed class ClippedFirehoseFactory : IFirehoseFactory
{
    private readonly string _interval = "";

    /// <summary>The firehose whose rows are clipped.</summary>
    public required IFirehoseFactory Delegate { get; init; }

    /// <summary>The ISO-8601 interval of accepted event times, for example <c>2013-08-31/2013-09-01</c>; the end is excluded.</summary>
    /// <exception cref="ArgumentException">The text is not an interval.</exception>
    public required string Interval
    {
        get => _interval;
        init
        {
            ClipInterval = Parse(value);
            _interval = value;
        }
    }

    /// <summary>The parsed <see cref="Interval"/>.</summary>
    internal TimeInterval ClipInterval { get; private init; }

    /// <inheritdoc />
    public async ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new ClippedFirehose(await Delegate.ConnectAsync(parser, context, cancellationToken), ClipInterval);

    private static TimeInterval Parse(string text)
    {
        try
        {
            return TimeInterval.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"interval: {e.Message}", e);
        }
    }

    private sealed class ClippedFirehose(IFirehose inner, TimeInterval interval) : DelegatingFirehose(inner)
    {
        public override InputRow? NextRow() => Inner.NextRow() is { } row && interval.Contains(row.TimestampMillis) ? row : null;
    }
}
