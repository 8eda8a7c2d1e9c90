namespace Realtime.Core.Storage;

/// <summary>How <see cref="MetadataHandoffNotifier"/> polls the metadata store, bound from <c>Realtime:Handoff</c>.</summary>
public sealed class HandoffOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Realtime:Handoff";

    /// <summary>How often the metadata store is asked whether a segment is published (<c>00:00:01</c> unless set).</summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
