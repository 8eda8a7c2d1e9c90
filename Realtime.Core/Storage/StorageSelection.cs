using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Core.Components;

namespace Realtime.Core.Storage;

/// <summary>Makes the deep storage or metadata storage that the node's configuration names, from the built-in and plugin components.</summary>
internal static class StorageSelection
{
    /// <summary>Creates the <typeparamref name="TSlot"/> component named by <c>&lt;section&gt;:Type</c>.</summary>
    /// <exception cref="InvalidOperationException">No component of the slot has that name; the message lists the known ones.</exception>
    public static TSlot Create<TSlot>(IServiceProvider services, string section, string typeName)
        where TSlot : class
    {
        var registry = services.GetService<SpecSerializer>()?.Registry ?? ComponentRegistry.BuiltIn;
        if (!registry.TryResolve(typeof(TSlot), typeName, out var implementation))
        {
            throw new InvalidOperationException(
                $"{section}:Type '{typeName}' is not a known {ComponentRegistry.SlotOf(typeof(TSlot))!.SlotName}; known: {string.Join(", ", registry.TypeNames(typeof(TSlot)))}. " +
                "A plugin that provides it must be in the plugins directory and the load list.");
        }

        var wantsSection = implementation.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType.IsAssignableFrom(typeof(ConfigurationSection))));
        object[] arguments = wantsSection ? [services.GetRequiredService<IConfiguration>().GetSection(section)] : [];
        return (TSlot)ActivatorUtilities.CreateInstance(services, implementation, arguments);
    }
}
