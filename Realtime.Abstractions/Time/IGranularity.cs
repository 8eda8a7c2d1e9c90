namespace Realtime.Abstractions.Time;

/// <summary>Buckets instants into time intervals: Druid's segment and query granularities.</summary>
public interface IGranularity
{
    /// <summary>The start of the bucket holding <paramref name="millis"/>.</summary>
    long BucketStart(long millis);

    /// <summary>The start of the bucket after the one starting at <paramref name="bucketStart"/>.</summary>
    long Increment(long bucketStart);

    /// <summary>The bucket holding <paramref name="millis"/>.</summary>
    Interval Bucket(long millis)
    {
        var start = BucketStart(millis);
        return new Interval(start, Increment(start));
    }
}
