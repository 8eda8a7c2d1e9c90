using Realtime.Abstractions.Plumbing;

namespace Realtime.Core.Plumbing;

/// <summary>Druid's <c>none</c> shard spec: the only partition, number 0.</summary>
public sealed class NoneShardSpec : IShardSpec
{
    /// <inheritdoc />
    public int PartitionNum => 0;
}

/// <summary>Druid's <c>linear</c> shard spec: partitions that add data, with no fixed total.</summary>
public sealed class LinearShardSpec : IShardSpec
{
    /// <inheritdoc />
    public int PartitionNum { get; init; }
}

/// <summary>Druid's <c>numbered</c> shard spec: partition <c>partitionNum</c> of <c>partitions</c>.</summary>
public sealed class NumberedShardSpec : IShardSpec
{
    /// <inheritdoc />
    public int PartitionNum { get; init; }

    /// <summary>The number of core partitions.</summary>
    public int Partitions { get; init; }
}
