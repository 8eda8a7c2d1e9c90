using System.Reflection;
using System.Runtime.Loader;
using Realtime.Abstractions.Components;

namespace Realtime.Core.Plugins;

/// <summary>A plugin loaded into its own load context, with the components its assembly registers.</summary>
public sealed class LoadedPlugin
{
    internal LoadedPlugin(string name, string path, Assembly assembly, Version contractsVersion,
        IReadOnlyList<RealtimeComponentAttribute> components, AssemblyLoadContext loadContext)
    {
        Name = name;
        Path = path;
        Assembly = assembly;
        ContractsVersion = contractsVersion;
        Components = components;
        LoadContext = loadContext;
    }

    /// <summary>The plugin's folder name, which is also its assembly name.</summary>
    public string Name { get; }

    /// <summary>The full path of the plugin's main assembly.</summary>
    public string Path { get; }

    /// <summary>The plugin's main assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>The version of <c>Realtime.Abstractions</c> the plugin was compiled against.</summary>
    public Version ContractsVersion { get; }

    /// <summary>The components the assembly registers with <see cref="RealtimeComponentAttribute"/>.</summary>
    public IReadOnlyList<RealtimeComponentAttribute> Components { get; }

    /// <summary>The plugin's load context: its private dependencies live here; shared contracts come from the host.</summary>
    public AssemblyLoadContext LoadContext { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Path})";
}
