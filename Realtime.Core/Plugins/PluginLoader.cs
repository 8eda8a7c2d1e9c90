using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Components;
using Realtime.Core.Components;

namespace Realtime.Core.Plugins;

/// <summary>
/// Loads plugin folders, each into its own load context, and reads the components they register with
/// <see cref="RealtimeComponentAttribute"/>. Druid's extension directory and <c>loadList</c> work the same way.
/// </summary>
/// <remarks>
/// Call <see cref="Load"/> once at start-up, before spec JSON is read. Any problem (a listed plugin missing, no
/// <c>.deps.json</c>, contracts newer than the host's, a dependency that cannot be resolved, a type name claimed by
/// two plugins or by a plugin and a built-in) throws <see cref="PluginLoadException"/> naming the paths involved.
/// Plugins are never unloaded.
/// </remarks>
public sealed partial class PluginLoader(ILogger<PluginLoader> logger)
{
    private const string ContractsAssemblyName = "Realtime.Abstractions";

    /// <summary>The version of <c>Realtime.Abstractions</c> this host runs with.</summary>
    public static Version HostContractsVersion { get; } = typeof(RealtimeComponentAttribute).Assembly.GetName().Version!;

    /// <summary>Loads the plugins that <paramref name="options"/> select, in load-list order or else by folder name.</summary>
    /// <exception cref="PluginLoadException">A plugin could not be loaded; nothing should start.</exception>
    public IReadOnlyList<LoadedPlugin> Load(PluginOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.GetFullPath(options.Directory);
        var folders = SelectFolders(directory, options.LoadList);
        var plugins = folders.Select(f => LoadPlugin(f.Name, f.Path, f.Listed)).ToList();
        CheckRegistrations(plugins);
        return plugins;
    }

    /// <summary>Whether a plugin compiled against contracts <paramref name="plugin"/> may run on a host with <paramref name="host"/>.</summary>
    /// <remarks>Contracts only grow within a major version, so a plugin built against the host's major.minor or older runs.</remarks>
    internal static bool IsContractsVersionSupported(Version plugin, Version host) =>
        plugin.Major < host.Major || (plugin.Major == host.Major && plugin.Minor <= host.Minor);

    private List<(string Name, string Path, bool Listed)> SelectFolders(string directory, IReadOnlyList<string>? loadList)
    {
        if (loadList is null)
        {
            if (!Directory.Exists(directory))
            {
                LogNoPluginDirectory(logger, directory);
                return [];
            }

            var all = Directory.GetDirectories(directory).Order(StringComparer.Ordinal).Select(d => (Path.GetFileName(d), d, false)).ToList();
            LogLoadingAll(logger, all.Count, directory);
            return all;
        }

        var listed = new List<(string Name, string Path, bool Listed)>(loadList.Count);
        foreach (var entry in loadList)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                throw new PluginLoadException($"{PluginOptions.SectionName}:LoadList has an empty entry.");
            }

            var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(entry.Trim(), directory));
            if (listed.Any(l => l.Path == folder))
            {
                throw new PluginLoadException($"{PluginOptions.SectionName}:LoadList names the plugin folder {folder} twice.", folder);
            }

            listed.Add((Path.GetFileName(folder), folder, true));
        }

        return listed;
    }

    private LoadedPlugin LoadPlugin(string name, string folder, bool listed)
    {
        var path = Path.Combine(folder, name + ".dll");
        if (!File.Exists(path))
        {
            throw new PluginLoadException(listed
                ? $"Plugin '{name}' is in {PluginOptions.SectionName}:LoadList but {path} does not exist."
                : $"Plugin folder {folder} has no assembly named after it: expected {path}.", path);
        }

        var depsPath = Path.ChangeExtension(path, ".deps.json");
        if (!File.Exists(depsPath))
        {
            throw new PluginLoadException(
                $"Plugin '{name}' has no dependency manifest: expected {depsPath}. Build the plugin with " +
                "<EnableDynamicLoading>true</EnableDynamicLoading> and copy its whole output folder.", path);
        }

        var contractsVersion = ReadContractsVersion(path);
        if (!IsContractsVersionSupported(contractsVersion, HostContractsVersion))
        {
            throw new PluginLoadException(
                $"Plugin {path} was built against {ContractsAssemblyName} {contractsVersion} but this host has " +
                $"{HostContractsVersion}; a plugin must be built against contracts {HostContractsVersion.Major}.{HostContractsVersion.Minor} or older.", path);
        }

        var context = new PluginLoadContext(name, path, logger);
        using (context.EnterContextualReflection())
        {
            var assembly = context.LoadFromAssemblyPath(path);
            ResolveReferences(assembly, context, path);
            var components = ReadComponents(assembly, path);
            var plugin = new LoadedPlugin(name, path, assembly, contractsVersion, components, context);
            LogPlugin(plugin, context);
            return plugin;
        }
    }

    /// <summary>Reads which contracts version the assembly references, without loading it.</summary>
    private static Version ReadContractsVersion(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                throw new PluginLoadException($"Plugin {path} is not a .NET assembly.", path);
            }

            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.StringComparer.Equals(reference.Name, ContractsAssemblyName))
                {
                    return reference.Version;
                }
            }
        }
        catch (BadImageFormatException e)
        {
            throw new PluginLoadException($"Plugin {path} is not a .NET assembly: {e.Message}", path, e);
        }

        throw new PluginLoadException($"Plugin {path} does not reference {ContractsAssemblyName}, so it registers no components.", path);
    }

    /// <summary>Resolves the main assembly's direct references now, so a missing dependency stops start-up instead of a later ingest.</summary>
    private static void ResolveReferences(Assembly assembly, PluginLoadContext context, string path)
    {
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            try
            {
                context.LoadFromAssemblyName(reference);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                throw new PluginLoadException(
                    $"Plugin {path} depends on {reference.FullName}, which neither its folder nor the host provides: {e.Message}", path, e);
            }
        }
    }

    private static RealtimeComponentAttribute[] ReadComponents(Assembly assembly, string path)
    {
        try
        {
            return assembly.GetCustomAttributes<RealtimeComponentAttribute>().ToArray();
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or CustomAttributeFormatException)
        {
            throw new PluginLoadException($"Plugin {path} has a component registration that cannot be read: {e.Message}", path, e);
        }
    }

    /// <summary>
    /// Registers the plugins' components, after Realtime.Core's built-ins, the way the spec reader will: an
    /// implementation that fits no slot, or a type name claimed twice for one slot, stops loading.
    /// </summary>
    private static void CheckRegistrations(IReadOnlyList<LoadedPlugin> plugins)
    {
        var registry = new ComponentRegistry.Builder();
        foreach (var plugin in plugins)
        {
            foreach (var component in plugin.Components)
            {
                try
                {
                    registry.Add(component, plugin.Path);
                }
                catch (ComponentRegistrationException e)
                {
                    throw new PluginLoadException(e.Message, plugin.Path, e);
                }
            }
        }
    }

    private void LogPlugin(LoadedPlugin plugin, PluginLoadContext context)
    {
        if (plugin.Components.Count == 0)
        {
            LogNoComponents(logger, plugin.Name, plugin.Path);
        }

        var components = string.Join(", ", plugin.Components.Select(c => $"{c.TypeName} ({c.Implementation.FullName})"));
        LogLoaded(logger, plugin.Name, plugin.Path, plugin.ContractsVersion, components);
        string Names(AssemblySource source) =>
            string.Join(", ", context.Resolutions.Where(r => r.Value == source).Select(r => r.Key).Order(StringComparer.Ordinal));
        LogAssemblies(logger, plugin.Name, Names(AssemblySource.Private), Names(AssemblySource.Shared), Names(AssemblySource.Framework));
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Plugin directory {Directory} does not exist; no plugins loaded")]
    private static partial void LogNoPluginDirectory(ILogger logger, string directory);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Loading all {Count} plugin folders in {Directory}")]
    private static partial void LogLoadingAll(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information,
        Message = "Loaded plugin {Plugin} from {Path}, built against contracts {ContractsVersion}; components: {Components}")]
    private static partial void LogLoaded(ILogger logger, string plugin, string path, Version contractsVersion, string components);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information,
        Message = "Plugin {Plugin} assemblies: private [{Private}]; shared with the host [{Shared}]; framework [{Framework}]")]
    private static partial void LogAssemblies(ILogger logger, string plugin, string @private, string shared, string framework);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Plugin {Plugin} ({Path}) registers no components")]
    private static partial void LogNoComponents(ILogger logger, string plugin, string path);
}
