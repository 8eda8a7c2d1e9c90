namespace Realtime.Abstractions.Components;

/// <summary>
/// Registers an implementation of a component slot under a spec type name. Put it on the assembly, once per
/// component: <c>[assembly: RealtimeComponent("kafka", typeof(KafkaFirehoseFactory))]</c>.
/// </summary>
/// <remarks>
/// The slot is every contract marked with <see cref="ComponentSlotAttribute"/> that the implementation is
/// assignable to. Discovery reads these attributes only, so a plugin never has its types scanned.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class RealtimeComponentAttribute(string typeName, Type implementation) : Attribute
{
    /// <summary>The value of the discriminator property in spec JSON.</summary>
    public string TypeName { get; } = typeName;

    /// <summary>The class deserialized from the spec JSON; it must have a public parameterless or JSON constructor.</summary>
    public Type Implementation { get; } = implementation;
}
