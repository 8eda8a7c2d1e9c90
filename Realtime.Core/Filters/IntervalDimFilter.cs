using Realtime.Abstractions.Time;
using Realtime.Core.Values;

namespace Realtime.Core.Filters;

/// <summary>
/// The <c>interval</c> filter: the column, read as epoch milliseconds (usually <c>__time</c>), lies in one of the
/// ISO-8601 <see cref="Intervals"/> (start inclusive, end exclusive). Text that is not a number never matches.
/// </summary>
public sealed class IntervalDimFilter : DimensionFilter
{
    /// <summary>The intervals, such as <c>2014-10-01T00:00:00.000Z/2014-10-07T00:00:00.000Z</c>.</summary>
    public IReadOnlyList<string> Intervals { get; init; } = [];

    /// <inheritdoc />
    private protected override string TypeName => "interval";

    /// <inheritdoc />
    public override ValuePredicate CreatePredicate()
    {
        if (Intervals.Count == 0)
        {
            throw new ArgumentException($"interval.intervals must contain at least one interval (filter on '{Dimension}').");
        }

        var intervals = new Interval[Intervals.Count];
        for (var i = 0; i < intervals.Length; i++)
        {
            try
            {
                intervals[i] = Interval.Parse(Intervals[i]);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"interval.intervals[{i}]: {e.Message}", e);
            }
        }

        bool InLongs(long v)
        {
            foreach (var interval in intervals)
            {
                if (interval.Contains(v))
                {
                    return true;
                }
            }

            return false;
        }

        bool InDoubles(double v)
        {
            foreach (var interval in intervals)
            {
                if (v >= interval.StartMillis && v < interval.EndMillis)
                {
                    return true;
                }
            }

            return false;
        }

        return new ValuePredicate(
            v => FilterNumbers.TryLong(v, out var l) ? InLongs(l) : FilterNumbers.TryDouble(v, out var d) && InDoubles(d),
            InLongs,
            InDoubles);
    }
}
