using System.Runtime.InteropServices;

namespace Realtime.Core.Files;

/// <summary>Makes new files and renames durable by flushing their directory's entries to disk (POSIX systems).</summary>
internal static partial class DirectorySync
{
    private const int EINVAL = 22;

    /// <summary>Flushes <paramref name="directory"/>'s entries to disk; Windows has no such call and needs none.</summary>
    /// <exception cref="IOException">The directory could not be opened or flushed; the message names it and the error number.</exception>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            // Some file systems cannot sync a directory and say so with EINVAL; their renames are as durable as they get.
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != EINVAL)
            {
                throw new IOException($"Cannot flush directory '{directory}' to disk (errno {errno}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
