using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Components;
using Realtime.Core.Components;
using McMasterPluginLoader = McMaster.NETCore.Plugins.PluginLoader;

namespace Realtime.Core.Plugins;

/// <summary>
/// Loads plugin folders, each into its own load context (McMaster.NETCore.Plugins), and reads the components they
/// register with <see cref="RealtimeComponentAttribute"/>. Druid's extension directory and <c>loadList</c> work the same way.
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
    private const string NodeAssemblyName = "Realtime.Core";

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

        var loader = CreateLoader(path);
        using (loader.EnterContextualReflection())
        {
            var assembly = loader.LoadDefaultAssembly();
            var references = ResolveReferences(assembly, loader.LoadContext, path);
            var components = ReadComponents(assembly, path);
            var plugin = new LoadedPlugin(name, path, assembly, contractsVersion, components, loader.LoadContext);
            LogPlugin(plugin, references);
            return plugin;
        }
    }

    /// <summary>
    /// Creates the load context of the plugin whose main assembly is <paramref name="path"/>: shared assemblies from
    /// the node (<see cref="SharedAssemblies"/>), everything else, native libraries included, from the plugin's folder
    /// through its <c>.deps.json</c>.
    /// </summary>
    internal McMasterPluginLoader CreateLoader(string path)
    {
        var loader = McMasterPluginLoader.CreateFromAssemblyFile(path, sharedTypes: SharedAssemblies.SharedTypes, config =>
        {
            foreach (var shared in SharedAssemblies.CarriedBy(Path.GetDirectoryName(path)!))
            {
                config.SharedAssemblies.Add(shared);
            }
        });
        var name = Path.GetFileNameWithoutExtension(path);
        var directory = Path.GetDirectoryName(path)!;
        loader.LoadContext.Resolving += (_, wanted) => HostCopyOfSharedAssembly(wanted);
        loader.LoadContext.ResolvingUnmanagedDll += (_, library) => LoadNativeLibrary(name, directory, library);
        return loader;
    }

    /// <summary>
    /// The node's copy of a shared assembly that the plugin wants in a newer version than the node has, which the
    /// runtime does not hand out by itself, so that the assembly's types keep one identity; null for any other assembly.
    /// </summary>
    internal static Assembly? HostCopyOfSharedAssembly(AssemblyName wanted) =>
        wanted.Name is { } name && SharedAssemblies.IsShared(name)
            ? AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name))
            : null;

    private IntPtr LoadNativeLibrary(string plugin, string directory, string library)
    {
        if (NativeLibraryProbing.ProbingPaths(directory, library).FirstOrDefault(File.Exists) is not { } path)
        {
            return IntPtr.Zero;
        }

        LogNativeLibraryResolved(logger, plugin, library, path);
        return NativeLibrary.Load(path);
    }

    /// <summary>
    /// Reads which contracts version the assembly references, without loading it, and refuses an assembly that
    /// references <c>Realtime.Core</c>, which the node does not share with plugins.
    /// </summary>
    private static Version ReadContractsVersion(string path)
    {
        Version? contractsVersion = null;
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
                    contractsVersion = reference.Version;
                }
                else if (metadata.StringComparer.Equals(reference.Name, NodeAssemblyName))
                {
                    throw new PluginLoadException(
                        $"Plugin {path} references {NodeAssemblyName}, which the node does not share with plugins; " +
                        $"build it against {ContractsAssemblyName} only.", path);
                }
            }
        }
        catch (BadImageFormatException e)
        {
            throw new PluginLoadException($"Plugin {path} is not a .NET assembly: {e.Message}", path, e);
        }

        return contractsVersion
            ?? throw new PluginLoadException($"Plugin {path} does not reference {ContractsAssemblyName}, so it registers no components.", path);
    }

    /// <summary>
    /// Resolves the main assembly's direct references now, so a missing dependency stops start-up instead of a later
    /// ingest, and tells where each was found.
    /// </summary>
    internal Dictionary<string, AssemblySource> ResolveReferences(Assembly plugin, AssemblyLoadContext context, string path)
    {
        var sources = new Dictionary<string, AssemblySource>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in plugin.GetReferencedAssemblies())
        {
            try
            {
                var assembly = context.LoadFromAssemblyName(reference);
                var resolved = assembly.GetName();
                var source = SharedAssemblies.SourceOf(assembly, context);
                sources[resolved.Name!] = source;
                if (source != AssemblySource.Private && reference.Version is { } wanted && resolved.Version is { } hostVersion && wanted > hostVersion)
                {
                    LogOlderHostAssembly(logger, Path.GetFileNameWithoutExtension(path), resolved.Name!, wanted, hostVersion);
                }
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                throw new PluginLoadException(
                    $"Plugin {path} depends on {reference.FullName}, which neither its folder nor the node provides: {e.Message}", path, e);
            }
        }

        return sources;
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

    private void LogPlugin(LoadedPlugin plugin, Dictionary<string, AssemblySource> references)
    {
        if (plugin.Components.Count == 0)
        {
            LogNoComponents(logger, plugin.Name, plugin.Path);
        }

        var components = string.Join(", ", plugin.Components.Select(c => $"{c.TypeName} ({c.Implementation.FullName})"));
        LogLoaded(logger, plugin.Name, plugin.Path, plugin.ContractsVersion, components);

        var privateAssemblies = plugin.LoadContext.Assemblies.Where(a => a != plugin.Assembly).Select(a => a.GetName()).ToList();
        foreach (var own in privateAssemblies.Where(a => SharedAssemblies.IsShared(a.Name!)))
        {
            var hostVersion = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(own.Name!)).GetName().Version;
            LogOwnCopyOfSharedAssembly(logger, plugin.Name, own.Name!, own.Version, hostVersion);
        }

        string Names(IEnumerable<string> names) => string.Join(", ", names.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal));
        string Resolved(AssemblySource source) => Names(references.Where(r => r.Value == source).Select(r => r.Key));
        LogAssemblies(logger, plugin.Name, Names(privateAssemblies.Select(a => a.Name!)), Resolved(AssemblySource.Shared), Resolved(AssemblySource.Framework));
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

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning,
        Message = "Plugin {Plugin} was built against {Assembly} {Wanted} but shares the node's older {HostVersion}; calls into members the node's version lacks will fail")]
    private static partial void LogOlderHostAssembly(ILogger logger, string plugin, string assembly, Version wanted, Version hostVersion);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Debug, Message = "Plugin {Plugin} loads native library {Library} from {Location}")]
    private static partial void LogNativeLibraryResolved(ILogger logger, string plugin, string library, string location);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Warning,
        Message = "Plugin {Plugin} carries {Assembly} {Version}, newer than the node's {HostVersion}, and uses its own copy: that assembly's types are not the node's")]
    private static partial void LogOwnCopyOfSharedAssembly(ILogger logger, string plugin, string assembly, Version? version, Version? hostVersion);
}
