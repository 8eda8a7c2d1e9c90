using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Microsoft.Extensions.Logging;

namespace Realtime.Core.Plugins;

/// <summary>The load context of one plugin folder: shared assemblies from the host, everything else plugin-first.</summary>
/// <remarks>
/// Managed dependencies resolve through the plugin's <c>.deps.json</c>; native libraries through it too, then by
/// probing the plugin folder and its <c>runtimes/&lt;rid&gt;/native</c> folders with the platform's prefix and
/// suffix. The context is never unloaded. Resolution may happen on any thread.
/// </remarks>
internal sealed partial class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _directory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, AssemblySource> _resolutions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the context for the plugin whose main assembly is <paramref name="mainAssemblyPath"/>.</summary>
    public PluginLoadContext(string name, string mainAssemblyPath, ILogger logger) : base(name, isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _directory = Path.GetDirectoryName(mainAssemblyPath)!;
        _logger = logger;
    }

    /// <summary>Where each assembly the plugin asked for so far was found, by simple name.</summary>
    public IReadOnlyDictionary<string, AssemblySource> Resolutions => _resolutions;

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null)
        {
            return null;
        }

        if (SharedAssemblies.Classify(name) is { } source && LoadFromHost(name) is { } hostAssembly)
        {
            Record(name, source, hostAssembly.Location);
            if (hostAssembly.GetName().Version is { } hostVersion && assemblyName.Version > hostVersion)
            {
                LogOlderHostAssembly(_logger, Name, name, assemblyName.Version, hostVersion);
            }

            return hostAssembly;
        }

        if (_resolver.ResolveAssemblyToPath(assemblyName) is { } path)
        {
            Record(name, AssemblySource.Private, path);
            return LoadFromAssemblyPath(path);
        }

        Record(name, AssemblySource.Host, null);
        return null;
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName)
            ?? NativeProbingPaths(_directory, unmanagedDllName).FirstOrDefault(File.Exists);
        if (path is null)
        {
            return IntPtr.Zero;
        }

        LogNativeLibraryResolved(_logger, Name, unmanagedDllName, path);
        return LoadUnmanagedDllFromPath(path);
    }

    /// <summary>The files a native library may be in: the plugin folder, then its <c>runtimes/&lt;rid&gt;/native</c> folders, each with name variants.</summary>
    internal static IEnumerable<string> NativeProbingPaths(string pluginDirectory, string libraryName)
    {
        var directories = RuntimeIdentifiers()
            .Select(rid => Path.Combine(pluginDirectory, "runtimes", rid, "native"))
            .Prepend(pluginDirectory);
        return directories.SelectMany(d => NativeFileNames(libraryName).Select(f => Path.Combine(d, f)));
    }

    /// <summary>The file names a native library may have: as given, with the platform's prefix, with its suffix, and with both.</summary>
    internal static IEnumerable<string> NativeFileNames(string libraryName)
    {
        var (prefix, suffix) = OperatingSystem.IsWindows() ? ("", ".dll") : OperatingSystem.IsMacOS() ? ("lib", ".dylib") : ("lib", ".so");
        return new[] { libraryName, prefix + libraryName, libraryName + suffix, prefix + libraryName + suffix }.Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<string> RuntimeIdentifiers()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var portable = $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        return new[] { RuntimeInformation.RuntimeIdentifier, portable }.Distinct(StringComparer.Ordinal);
    }

    private static Assembly? LoadFromHost(string name)
    {
        try
        {
            // By simple name: the host's version is the one whose types the plugin must share.
            return Default.LoadFromAssemblyName(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private void Record(string name, AssemblySource source, string? location)
    {
        if (_resolutions.TryAdd(name, source))
        {
            LogAssemblyResolved(_logger, Name, name, source, location);
        }
    }

    [LoggerMessage(EventId = 5110, Level = LogLevel.Debug, Message = "Plugin {Plugin} resolved {Assembly} as {Source} from {Location}")]
    private static partial void LogAssemblyResolved(ILogger logger, string? plugin, string assembly, AssemblySource source, string? location);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning,
        Message = "Plugin {Plugin} was built against {Assembly} {Wanted} but shares the host's older {HostVersion}; calls into members the host's version lacks will fail")]
    private static partial void LogOlderHostAssembly(ILogger logger, string? plugin, string assembly, Version wanted, Version hostVersion);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Debug, Message = "Plugin {Plugin} loads native library {Library} from {Location}")]
    private static partial void LogNativeLibraryResolved(ILogger logger, string? plugin, string library, string location);
}
