using System.Collections.Frozen;
using System.Reflection;
using Realtime.Abstractions.Components;

namespace Realtime.Core.Components;

/// <summary>The spec type names Realtime.Core registers its own components under, for messages and written specs.</summary>
internal static class ComponentTypeNames
{
    private static readonly FrozenDictionary<Type, string> Names = typeof(ComponentTypeNames).Assembly
        .GetCustomAttributes<RealtimeComponentAttribute>()
        .GroupBy(a => a.Implementation)
        .ToFrozenDictionary(g => g.Key, g => g.First().TypeName);

    /// <summary>The type name <paramref name="implementation"/> is registered under; its class name when it is not a built-in component.</summary>
    public static string Of(Type implementation) => Names.TryGetValue(implementation, out var name) ? name : implementation.Name;
}
