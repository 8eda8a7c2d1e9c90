using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Loader;
using Realtime.Abstractions.Components;

namespace Realtime.Core.Plugins;

/// <summary>Where an assembly a plugin uses was found.</summary>
internal enum AssemblySource
{
    /// <summary>The plugin's own copy, from its folder.</summary>
    Private,

    /// <summary>The node's copy of a contract or other node assembly, so that its types keep one identity.</summary>
    Shared,

    /// <summary>The node's copy of a framework assembly.</summary>
    Framework,
}

/// <summary>Decides which assemblies a plugin must take from the node rather than from its own folder.</summary>
/// <remarks>
/// Types that cross between node and plugin (the contracts, logging and DI abstractions, diagnostics, framework
/// types such as <c>JsonElement</c>) must have one identity, so those assemblies always come from the node:
/// <c>Realtime.Abstractions</c> and what it references, <c>System.Diagnostics.DiagnosticSource</c>, every
/// <c>Microsoft.Extensions.*</c> assembly the node has, and the framework. <c>Realtime.Core</c> is not among them:
/// plugins build against the contracts only. Framework assemblies are recognised as trusted platform assemblies
/// outside the node's own folder, which holds for framework-dependent nodes.
/// </remarks>
internal static class SharedAssemblies
{
    private const string ExtensionsPrefix = "Microsoft.Extensions.";

    /// <summary>A type of each assembly that is always shared; the loader shares these and everything they reference.</summary>
    public static Type[] SharedTypes { get; } = [typeof(RealtimeComponentAttribute), typeof(System.Diagnostics.DiagnosticSource)];

    private static readonly string HostDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(AppContext.BaseDirectory));

    /// <summary>The node's trusted platform assemblies by simple name: the framework and the node's own dependencies.</summary>
    private static readonly FrozenDictionary<string, string> TrustedPlatformAssemblies =
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        .DistinctBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
        .ToFrozenDictionary(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> AlwaysShared = SharedTypes
        .Select(t => t.Assembly.GetName().Name!)
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The shared assemblies that the plugin in <paramref name="pluginDirectory"/> carries copies of: without this
    /// list its own copies would win over the node's.
    /// </summary>
    /// <remarks>An assembly the plugin does not carry comes from the node anyway.</remarks>
    public static IEnumerable<AssemblyName> CarriedBy(string pluginDirectory) =>
        Directory.EnumerateFiles(pluginDirectory, "*.dll", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(IsShared)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .Select(name => new AssemblyName(name));

    /// <summary>Whether the assembly named <paramref name="name"/> must come from the node.</summary>
    public static bool IsShared(string name) =>
        AlwaysShared.Contains(name)
        || IsFramework(name)
        || (name.StartsWith(ExtensionsPrefix, StringComparison.OrdinalIgnoreCase) && HostHas(name));

    /// <summary>Where <paramref name="assembly"/>, resolved for the plugin whose load context is <paramref name="pluginContext"/>, came from.</summary>
    /// <remarks>The contracts and the <c>Microsoft.Extensions.*</c> assemblies count as shared even where the framework holds them.</remarks>
    public static AssemblySource SourceOf(Assembly assembly, AssemblyLoadContext pluginContext) =>
        AssemblyLoadContext.GetLoadContext(assembly) == pluginContext ? AssemblySource.Private
        : assembly.GetName().Name is { } name && IsFramework(name) && !AlwaysShared.Contains(name)
          && !name.StartsWith(ExtensionsPrefix, StringComparison.OrdinalIgnoreCase) ? AssemblySource.Framework
        : AssemblySource.Shared;

    private static bool IsFramework(string name) =>
        TrustedPlatformAssemblies.TryGetValue(name, out var path) && !IsInHostDirectory(path);

    private static bool HostHas(string name) =>
        TrustedPlatformAssemblies.ContainsKey(name)
        || AssemblyLoadContext.Default.Assemblies.Any(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));

    private static bool IsInHostDirectory(string path) =>
        Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory
        && (directory == HostDirectory || directory.StartsWith(HostDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal));
}
