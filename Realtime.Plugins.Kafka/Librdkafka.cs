using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Realtime.Plugins.Kafka;

/// <summary>Loads librdkafka, the native library under Confluent.Kafka, from the plugin's own copy of librdkafka.redist.</summary>
/// <remarks>
/// <para>On glibc Linux the package's default <c>runtimes/linux-x64/native/librdkafka.so</c> needs the SASL library
/// <c>libsasl2.so.3</c>, which many distributions (Debian 12 among them) do not install. The same package carries
/// <c>centos8-librdkafka.so</c>, which needs only the C library: Confluent.Kafka's imports are resolved to that file,
/// found next to the plugin's assembly, whichever load context loaded the plugin.</para>
/// <para>Elsewhere (Windows, macOS, Alpine, other architectures) the import resolution of the load context applies,
/// which finds the package's library for that platform.</para>
/// </remarks>
internal static class Librdkafka
{
    /// <summary>The file of librdkafka.redist that needs nothing but the C library on glibc Linux.</summary>
    private const string SelfContainedLinuxLibrary = "centos8-librdkafka.so";

    private static readonly Lock Gate = new();
    private static IntPtr _handle;

    /// <summary>The loaded librdkafka, for calls of its functions that Confluent.Kafka does not wrap.</summary>
    /// <exception cref="InvalidOperationException">librdkafka could not be loaded.</exception>
    public static IntPtr Handle
    {
        get
        {
            EnsureLoaded();
            return _handle;
        }
    }

    /// <summary>Loads librdkafka for Confluent.Kafka once; later calls return at once.</summary>
    /// <returns>librdkafka's version, for example <c>2.16.0</c>.</returns>
    /// <exception cref="InvalidOperationException">librdkafka could not be loaded; the message says where it was looked for.</exception>
    public static string EnsureLoaded()
    {
        lock (Gate)
        {
            if (_handle == IntPtr.Zero)
            {
                var confluent = typeof(Library).Assembly;
                var bundled = BundledPath();
                try
                {
                    var handle = bundled is null ? NativeLibrary.Load("librdkafka", confluent, null) : NativeLibrary.Load(bundled);
                    if (bundled is not null)
                    {
                        NativeLibrary.SetDllImportResolver(confluent, (name, _, _) => name.Contains("rdkafka", StringComparison.Ordinal) ? handle : IntPtr.Zero);
                    }

                    Library.Load();
                    _handle = handle;
                }
                catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
                {
                    throw new InvalidOperationException(
                        $"The Kafka firehose could not load librdkafka ({bundled ?? "librdkafka.redist's library for this platform"}): {e.Message} " +
                        "It comes with the plugin: rebuild the plugin, or copy its whole build output, runtimes/ included.", e);
                }
            }

            return Library.VersionString;
        }
    }

    /// <summary>The self-contained librdkafka in the plugin's folder on glibc Linux, or null elsewhere or when it is missing.</summary>
    private static string? BundledPath()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal))
        {
            return null;
        }

        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var path = Path.Combine(Path.GetDirectoryName(typeof(Librdkafka).Assembly.Location)!, "runtimes", $"linux-{architecture}", "native", SelfContainedLinuxLibrary);
        return File.Exists(path) ? path : null;
    }
}
