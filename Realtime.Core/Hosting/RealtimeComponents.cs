using System.Reflection;
using Realtime.Core.Components;
using Realtime.Core.Plugins;

namespace Realtime.Core.Hosting;

/// <summary>The plugins the node loaded and the spec serializer built from them and the built-in components.</summary>
public sealed class RealtimeComponents
{
    private RealtimeComponents(IReadOnlyList<LoadedPlugin> plugins, SpecSerializer serializer)
    {
        Plugins = plugins;
        Serializer = serializer;
    }

    /// <summary>The loaded plugins.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>Reads specs with every known component.</summary>
    public SpecSerializer Serializer { get; }

    /// <summary>Loads the plugins and registers their components with the built-in ones and those of <paramref name="assemblies"/>.</summary>
    /// <exception cref="PluginLoadException">A plugin could not be loaded.</exception>
    /// <exception cref="ComponentRegistrationException">Two components claim one type name.</exception>
    public static RealtimeComponents Create(PluginLoader loader, PluginOptions options, IEnumerable<Assembly> assemblies)
    {
        var plugins = loader.Load(options);
        var registry = new ComponentRegistry.Builder();
        foreach (var assembly in assemblies)
        {
            registry.Add(assembly, assembly.GetName().Name ?? assembly.FullName ?? "embedded");
        }

        foreach (var plugin in plugins)
        {
            registry.Add(plugin.Assembly, plugin.Path);
        }

        return new RealtimeComponents(plugins, new SpecSerializer(registry.Build()));
    }
}
