namespace Realtime.Core.Query;

/// <summary>Query settings, bound from <c>Realtime:Query</c>.</summary>
public sealed class QueryOptions
{
    /// <summary>The most threads one query uses to scan indexes in parallel; the processor count by default.</summary>
    public int MaxThreadsPerQuery { get; set; } = Environment.ProcessorCount;
}
