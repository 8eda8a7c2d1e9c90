using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Confluent.Kafka;

namespace Realtime.Plugins.Kafka;

/// <summary>Loads librdkafka, the native library under Confluent.Kafka, from the plugin folder or the operating system.</summary>
/// <remarks>
/// The plugin ships no native library: the plugin loader first looks in the plugin folder, then the runtime's probing
/// finds the system's <c>librdkafka.so</c> (Debian's <c>librdkafka-dev</c>); when only the versioned
/// <c>librdkafka.so.1</c> is installed (Debian's <c>librdkafka1</c>), it is loaded by that name.
/// </remarks>
internal static class Librdkafka
{
    private const string LibraryName = "librdkafka";

    /// <summary>The file names of librdkafka on systems that install only the versioned library.</summary>
    private static readonly string[] VersionedNames = ["librdkafka.so.1", "librdkafka.1.dylib"];

    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>What to install when librdkafka cannot be loaded.</summary>
    public const string InstallHint =
        "The Kafka firehose needs librdkafka 1.9 or newer: on Debian or Ubuntu run `apt-get install librdkafka1` " +
        "(or librdkafka-dev), on macOS `brew install librdkafka`, or put the library into the plugin's folder.";

    /// <summary>Loads librdkafka for Confluent.Kafka once; later calls return at once.</summary>
    /// <returns>librdkafka's version, for example <c>2.0.2</c>.</returns>
    /// <exception cref="InvalidOperationException">librdkafka is missing or too old; the message says what to install.</exception>
    public static string EnsureLoaded()
    {
        lock (Gate)
        {
            if (!_loaded)
            {
                var confluent = typeof(Library).Assembly;
                AssemblyLoadContext.GetLoadContext(confluent)!.ResolvingUnmanagedDll += (assembly, name) =>
                    assembly == confluent && name == LibraryName && TryLoadVersioned(out var handle) ? handle : IntPtr.Zero;
                try
                {
                    Library.Load();
                }
                catch (Exception e) when (e is DllNotFoundException or FileLoadException)
                {
                    throw new InvalidOperationException($"{e.Message} {InstallHint}", e);
                }

                _loaded = true;
            }

            return Library.VersionString;
        }
    }

    /// <summary>Loads the system's versioned librdkafka by name.</summary>
    public static bool TryLoadVersioned(out IntPtr handle)
    {
        foreach (var name in VersionedNames)
        {
            if (NativeLibrary.TryLoad(name, out handle))
            {
                return true;
            }
        }

        handle = IntPtr.Zero;
        return false;
    }
}
