using System.Globalization;
using Realtime.Abstractions.Time;
using Realtime.Core.Time;

namespace Realtime.Core.Query;

/// <summary>
/// The limits every query runs under, from <see cref="QueryOptions"/>: how many time buckets and result rows one query
/// may produce. A query past them is refused with <see cref="ResourceLimitExceededException"/>, before the work where it can be.
/// </summary>
internal sealed class QueryLimits(int maxBuckets, int maxResultRows)
{
    /// <summary>The limits of <paramref name="options"/>, or the defaults.</summary>
    public static QueryLimits From(QueryOptions? options)
    {
        options ??= new QueryOptions();
        return new QueryLimits(options.MaxBuckets, options.MaxResultRows);
    }

    /// <summary>The most time buckets one query may produce.</summary>
    public int MaxBuckets { get; } = maxBuckets;

    /// <summary>The most result rows (or <c>groupBy</c> groups) one query may produce.</summary>
    public int MaxResultRows { get; } = maxResultRows;

    /// <summary>Refuses a query whose buckets of <paramref name="granularity"/> over <paramref name="covered"/> number more than <see cref="MaxBuckets"/>.</summary>
    /// <remarks>Counts at most <see cref="MaxBuckets"/> + 1 buckets, so a refused query costs no more than an accepted one.</remarks>
    /// <exception cref="ResourceLimitExceededException">There are more buckets than allowed.</exception>
    public void CheckBuckets(Granularity granularity, IEnumerable<Interval> covered, CancellationToken cancellationToken)
    {
        long count = 0;
        foreach (var interval in Union(covered))
        {
            foreach (var _ in granularity.BucketStarts(interval))
            {
                if (++count > MaxBuckets)
                {
                    throw BucketsExceeded(granularity);
                }

                if ((count & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
    }

    /// <summary>Refuses a result of more than <see cref="MaxBuckets"/> buckets of <paramref name="granularity"/>.</summary>
    /// <exception cref="ResourceLimitExceededException">There are more buckets than allowed.</exception>
    public void CheckBucketCount(Granularity granularity, long count)
    {
        if (count > MaxBuckets)
        {
            throw BucketsExceeded(granularity);
        }
    }

    /// <summary>Refuses a result of more than <see cref="MaxResultRows"/> rows.</summary>
    /// <exception cref="ResourceLimitExceededException">There are more rows than allowed.</exception>
    public void CheckRows(string queryType, long rows)
    {
        if (rows > MaxResultRows)
        {
            throw new ResourceLimitExceededException(string.Create(
                CultureInfo.InvariantCulture,
                $"The {queryType} query produces more than {MaxResultRows:N0} result rows (the limit Realtime:Query:MaxResultRows, like Druid's maxResults). Narrow it with a filter, shorter intervals or a limit, or raise Realtime:Query:MaxResultRows."));
        }
    }

    private ResourceLimitExceededException BucketsExceeded(Granularity granularity) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"The query produces more than {MaxBuckets:N0} time buckets of granularity {granularity.Name} (the limit Realtime:Query:MaxBuckets). Use a coarser granularity or shorter intervals, or raise Realtime:Query:MaxBuckets."));

    // Overlapping parts (one per index of a segment) are counted once.
    private static List<Interval> Union(IEnumerable<Interval> intervals)
    {
        var union = new List<Interval>();
        foreach (var interval in intervals.OrderBy(i => i.StartMillis))
        {
            if (union.Count > 0 && union[^1].EndMillis >= interval.StartMillis)
            {
                union[^1] = new Interval(union[^1].StartMillis, Math.Max(union[^1].EndMillis, interval.EndMillis));
            }
            else
            {
                union.Add(interval);
            }
        }

        return union;
    }
}
