namespace Realtime.Abstractions.Components;

/// <summary>
/// Marks a contract whose implementations are chosen in spec JSON by a discriminator property, as Druid does
/// with <c>"type"</c>. The spec reader resolves names through one registry of built-in and plugin components.
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Class, Inherited = false)]
public sealed class ComponentSlotAttribute(string slotName) : Attribute
{
    /// <summary>The slot's name in messages, for example <c>firehose</c> or <c>plumber</c>.</summary>
    public string SlotName { get; } = slotName;

    /// <summary>The JSON property that names the implementation; <c>type</c> unless Druid uses another.</summary>
    public string Discriminator { get; init; } = "type";

    /// <summary>The implementation used when the discriminator is absent, or null when it is required.</summary>
    public string? DefaultType { get; init; }
}
