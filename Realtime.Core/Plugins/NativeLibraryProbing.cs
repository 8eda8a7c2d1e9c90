using System.Runtime.InteropServices;

namespace Realtime.Core.Plugins;

/// <summary>
/// Finds a plugin's native library that its <c>.deps.json</c> does not list, under the plugin's
/// <c>runtimes/&lt;rid&gt;/native</c> folders, trying the platform's name variants.
/// </summary>
/// <remarks>
/// The load context resolves libraries the <c>.deps.json</c> lists, and the runtime's own probing finds one beside
/// the plugin's assembly; this covers a library copied under <c>runtimes/</c> by hand.
/// </remarks>
internal static class NativeLibraryProbing
{
    /// <summary>The files a native library may be in: the plugin's <c>runtimes/&lt;rid&gt;/native</c> folders, each with name variants.</summary>
    public static IEnumerable<string> ProbingPaths(string pluginDirectory, string libraryName) =>
        RuntimeIdentifiers()
            .Select(rid => Path.Combine(pluginDirectory, "runtimes", rid, "native"))
            .SelectMany(d => FileNames(libraryName).Select(f => Path.Combine(d, f)));

    /// <summary>The file names a native library may have: as given, with the platform's prefix, with its suffix, and with both.</summary>
    public static IEnumerable<string> FileNames(string libraryName)
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
}
