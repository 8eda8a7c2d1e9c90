using System.Collections.Frozen;
using System.Runtime.Loader;

namespace Realtime.Core.Plugins;

/// <summary>Where an assembly a plugin asks for was found.</summary>
internal enum AssemblySource
{
    /// <summary>The plugin's own copy, from its folder.</summary>
    Private,

    /// <summary>The host's copy of a contract assembly, so that its types keep one identity.</summary>
    Shared,

    /// <summary>The host's copy of a framework assembly.</summary>
    Framework,

    /// <summary>Not in the plugin's manifest; left to the host to find.</summary>
    Host,
}

/// <summary>Decides which assemblies a plugin must take from the host rather than from its own folder.</summary>
/// <remarks>
/// Types that cross between host and plugin (the contracts, logging and DI abstractions, diagnostics, framework
/// types such as <c>JsonElement</c>) must have one identity, so those assemblies always come from the host.
/// Framework assemblies are recognised as trusted platform assemblies outside the host's own folder, which holds for
/// framework-dependent hosts; in a self-contained host they are shared only when the plugin does not carry a copy.
/// </remarks>
internal static class SharedAssemblies
{
    private const string ExtensionsPrefix = "Microsoft.Extensions.";

    private static readonly string HostDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(AppContext.BaseDirectory));

    private static readonly FrozenSet<string> AlwaysShared = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "Realtime.Abstractions", "Realtime.Core", "System.Diagnostics.DiagnosticSource");

    /// <summary>The host's trusted platform assemblies by simple name: the framework and the host's own dependencies.</summary>
    private static readonly FrozenDictionary<string, string> TrustedPlatformAssemblies =
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        .DistinctBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
        .ToFrozenDictionary(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="name"/> must come from the host, and as what; null when the plugin may bring its own.</summary>
    public static AssemblySource? Classify(string name)
    {
        if (AlwaysShared.Contains(name) || IsSharedExtension(name))
        {
            return AssemblySource.Shared;
        }

        return TrustedPlatformAssemblies.TryGetValue(name, out var path) && !IsInHostDirectory(path)
            ? AssemblySource.Framework
            : null;
    }

    private static bool IsSharedExtension(string name) =>
        name.StartsWith(ExtensionsPrefix, StringComparison.OrdinalIgnoreCase)
        && (name.EndsWith(".Abstractions", StringComparison.OrdinalIgnoreCase) || HostHas(name));

    private static bool HostHas(string name) =>
        TrustedPlatformAssemblies.ContainsKey(name)
        || AssemblyLoadContext.Default.Assemblies.Any(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));

    private static bool IsInHostDirectory(string path) =>
        Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory
        && (directory == HostDirectory || directory.StartsWith(HostDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal));
}
