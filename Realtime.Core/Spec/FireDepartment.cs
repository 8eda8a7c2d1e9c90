using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Plumbing;
using Realtime.Core.Components;
using Realtime.Core.Plumbing;

namespace Realtime.Core.Spec;

/// <summary>One element of a realtime spec file: one ingestion pipeline for a data source and partition.</summary>
public sealed class FireDepartment
{
    /// <summary>What the rows look like and how they roll up.</summary>
    public required DataSchema DataSchema { get; init; }

    /// <summary>The firehose and the plumber.</summary>
    public required IoConfig IoConfig { get; init; }

    /// <summary>Persist, window and partition settings; Druid's defaults when absent.</summary>
    public TuningConfig TuningConfig { get; init; } = new();

    /// <summary>The partition this pipeline writes.</summary>
    [JsonIgnore]
    public int PartitionNum => TuningConfig.ShardSpec?.PartitionNum ?? 0;

    /// <summary>
    /// The spec as JSON, with the defaults the pipeline runs with filled in: every <c>tuningConfig</c> setting, and the
    /// rejection policy, versioning policy and shard spec the plumber uses when the spec leaves them out.
    /// </summary>
    public JsonObject ToEffectiveJson(SpecSerializer serializer)
    {
        var spec = JsonSerializer.SerializeToNode(this, serializer.Options)!.AsObject();
        var tuning = spec["tuningConfig"]!.AsObject();
        tuning["rejectionPolicy"] ??= JsonSerializer.SerializeToNode(DefaultPolicies.RejectionPolicy(TuningConfig), serializer.Options);
        tuning["versioningPolicy"] ??= JsonSerializer.SerializeToNode(DefaultPolicies.VersioningPolicy(TuningConfig), serializer.Options);
        tuning["shardSpec"] ??= JsonSerializer.SerializeToNode(DefaultPolicies.ShardSpec(TuningConfig), serializer.Options);
        return spec;
    }

    /// <summary>Checks what the JSON shape alone cannot.</summary>
    /// <exception cref="ArgumentException">A field is missing or contradicts another; the message names it.</exception>
    public void Validate()
    {
        if (IoConfig.Firehose is null && IoConfig.FirehoseV2 is null)
        {
            throw new ArgumentException("ioConfig.firehose is required.");
        }

        if (IoConfig.FirehoseV2 is not null)
        {
            throw new ArgumentException(IoConfig.Firehose is null
                ? "ioConfig.firehoseV2 is not supported: use ioConfig.firehose (Realtime firehoses carry commit metadata themselves)."
                : "ioConfig.firehose and ioConfig.firehoseV2 are both set; give only ioConfig.firehose.");
        }

        if (!string.Equals(IoConfig.Type, "realtime", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"ioConfig.type '{IoConfig.Type}' is not supported; use 'realtime'.");
        }

        if (!string.Equals(TuningConfig.Type, "realtime", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"tuningConfig.type '{TuningConfig.Type}' is not supported; use 'realtime'.");
        }

        if (TuningConfig.MaxRowsInMemory <= 0)
        {
            throw new ArgumentException($"tuningConfig.maxRowsInMemory must be positive; got {TuningConfig.MaxRowsInMemory}.");
        }

        if (TuningConfig.IntermediatePersistPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException("tuningConfig.intermediatePersistPeriod must be positive.");
        }

        DataSchema.Validate();
    }
}
