using System.Collections.Frozen;
using System.Reflection;
using Realtime.Abstractions.Components;

namespace Realtime.Core.Components;

/// <summary>
/// The frozen map from spec type names to implementations, per component slot, built from
/// <see cref="RealtimeComponentAttribute"/>s of Realtime.Core and of every loaded plugin.
/// </summary>
public sealed class ComponentRegistry
{
    private readonly FrozenDictionary<Type, FrozenDictionary<string, Registration>> _slots;

    private ComponentRegistry(Dictionary<Type, Dictionary<string, Registration>> slots) =>
        _slots = slots.ToFrozenDictionary(s => s.Key, s => s.Value.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));

    /// <summary>The components built into Realtime.Core.</summary>
    public static ComponentRegistry BuiltIn { get; } = new Builder().Build();

    /// <summary>Every registered component, for status pages and logs.</summary>
    public IEnumerable<Registration> Registrations => _slots.Values.SelectMany(s => s.Values);

    /// <summary>Finds the implementation registered under <paramref name="typeName"/> for <paramref name="slot"/>.</summary>
    public bool TryResolve(Type slot, string typeName, out Type implementation)
    {
        if (_slots.TryGetValue(slot, out var names) && names.TryGetValue(typeName, out var registration))
        {
            implementation = registration.Implementation;
            return true;
        }

        implementation = typeof(object);
        return false;
    }

    /// <summary>The type names registered for <paramref name="slot"/>, sorted.</summary>
    public IReadOnlyList<string> TypeNames(Type slot) =>
        _slots.TryGetValue(slot, out var names) ? names.Keys.Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>The slot attribute of <paramref name="type"/>, when it is a component slot.</summary>
    public static ComponentSlotAttribute? SlotOf(Type type) => type.GetCustomAttribute<ComponentSlotAttribute>(inherit: false);

    /// <summary>One registered component.</summary>
    /// <param name="Slot">The contract it implements.</param>
    /// <param name="TypeName">Its spec type name.</param>
    /// <param name="Implementation">The class deserialized from spec JSON.</param>
    /// <param name="Source">Where it came from: <c>built-in</c> or the plugin's path.</param>
    public sealed record Registration(Type Slot, string TypeName, Type Implementation, string Source);

    /// <summary>Collects components from assemblies; duplicate names in one slot are refused.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<Type, Dictionary<string, Registration>> _slots = [];

        /// <summary>Starts with Realtime.Core's built-in components.</summary>
        public Builder() => Add(typeof(ComponentRegistry).Assembly, "built-in");

        /// <summary>Registers every <see cref="RealtimeComponentAttribute"/> of <paramref name="assembly"/>.</summary>
        /// <param name="assembly">The assembly whose manifest attributes to read.</param>
        /// <param name="source">Named in messages: <c>built-in</c> or the plugin's path.</param>
        /// <exception cref="ComponentRegistrationException">A name is taken, or an implementation fits no slot.</exception>
        public Builder Add(Assembly assembly, string source)
        {
            foreach (var component in assembly.GetCustomAttributes<RealtimeComponentAttribute>())
            {
                Add(component, source);
            }

            return this;
        }

        /// <summary>Registers one component.</summary>
        /// <exception cref="ComponentRegistrationException">The name is taken, or the implementation fits no slot.</exception>
        public Builder Add(RealtimeComponentAttribute component, string source)
        {
            var slots = SlotsOf(component.Implementation).ToList();
            if (slots.Count == 0)
            {
                throw new ComponentRegistrationException(
                    $"Component '{component.TypeName}' from {source}: {component.Implementation.FullName} implements no component slot " +
                    "(a firehose factory, parser factory, plumber school, or another contract marked [ComponentSlot]).");
            }

            if (component.Implementation.IsAbstract)
            {
                throw new ComponentRegistrationException(
                    $"Component '{component.TypeName}' from {source}: {component.Implementation.FullName} is abstract.");
            }

            foreach (var slot in slots)
            {
                var names = _slots.TryGetValue(slot, out var existing) ? existing : _slots[slot] = new(StringComparer.OrdinalIgnoreCase);
                if (names.TryGetValue(component.TypeName, out var taken))
                {
                    throw new ComponentRegistrationException(
                        $"Two components claim the {SlotOf(slot)!.SlotName} type '{component.TypeName}': " +
                        $"{taken.Implementation.FullName} from {taken.Source} and {component.Implementation.FullName} from {source}.");
                }

                names[component.TypeName] = new Registration(slot, component.TypeName, component.Implementation, source);
            }

            return this;
        }

        /// <summary>Freezes the registry.</summary>
        public ComponentRegistry Build() => new(_slots);

        private static IEnumerable<Type> SlotsOf(Type implementation)
        {
            for (var t = implementation; t is not null; t = t.BaseType)
            {
                if (SlotOf(t) is not null)
                {
                    yield return t;
                }
            }

            foreach (var i in implementation.GetInterfaces().Where(i => SlotOf(i) is not null))
            {
                yield return i;
            }
        }
    }
}

/// <summary>A component could not be registered; the message names the component and where it came from.</summary>
public sealed class ComponentRegistrationException(string message) : Exception(message);
