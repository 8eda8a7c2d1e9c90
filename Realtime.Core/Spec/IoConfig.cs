using System.Text.Json;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Plumbing;
using Realtime.Core.Plumbing;

namespace Realtime.Core.Spec;

/// <summary>The spec's <c>ioConfig</c> (Druid's <c>realtime</c> type): the firehose and the plumber.</summary>
public sealed class IoConfig
{
    /// <summary>Always <c>realtime</c>.</summary>
    public string Type { get; init; } = "realtime";

    /// <summary>Where rows come from.</summary>
    public IFirehoseFactory? Firehose { get; init; }

    /// <summary>Druid's second firehose contract. Not accepted: every Realtime firehose already carries commit metadata.</summary>
    public JsonElement? FirehoseV2 { get; init; }

    /// <summary>How segments are handled; Druid's default is <c>realtime</c>.</summary>
    public IPlumberSchool Plumber { get; init; } = new RealtimePlumberSchool();
}
