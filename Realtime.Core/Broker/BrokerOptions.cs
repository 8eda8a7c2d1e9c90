namespace Realtime.Core.Broker;

/// <summary>How a broker asks data nodes, bound from <c>Realtime:Broker</c> (Druid's <c>druid.broker.*</c> and query settings).</summary>
public sealed class BrokerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Realtime:Broker";

    /// <summary>
    /// The least <c>threshold</c> a data node is asked for in a <c>topN</c> (Druid's <c>druid.query.topN.minTopNThreshold</c>),
    /// so that values ranked low on one node but high overall are still merged; a query's context may set <c>minTopNThreshold</c>.
    /// </summary>
    public int MinTopNThreshold { get; set; } = 1000;

    /// <summary>How long one data node may take to answer before its segments are asked of another copy.</summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many servers a segment is asked of, in turn, before it is reported missing (Druid's retry policy).</summary>
    public int MaxAttemptsPerSegment { get; set; } = 3;
}
