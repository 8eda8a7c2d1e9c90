using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Realtime.LoadTool;

/// <summary>
/// The load tool's child processes (the node, the DuckDB peers, npm): how they are started, where the repository and
/// its build output are, and the CPU time they use, while they run or once they have exited.
/// </summary>
internal static partial class ChildProcess
{
    private const int ReapedChildren = -1;

    /// <summary>The build configuration of the load tool, which the node it starts is built in as well.</summary>
    public static string Configuration { get; } = typeof(ChildProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    /// <summary>Makes <paramref name="path"/> an empty directory, deleting what a previous run left there, and returns it.</summary>
    public static string EmptyDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        return Directory.CreateDirectory(path).FullName;
    }

    /// <summary>Starts <paramref name="command"/> in <paramref name="directory"/>; its standard output is redirected for the caller to read.</summary>
    public static Process Start(string command, string directory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {command}.");
    }

    /// <summary>Runs <paramref name="command"/> to its end and returns its standard output; fails unless it exits with 0.</summary>
    public static async Task<string> RunAsync(string command, string directory, params string[] arguments)
    {
        using var process = Start(command, directory, arguments);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}).");
    }

    /// <summary>
    /// The CPU time, user and system, that <paramref name="root"/> and the processes under it (Linux) have used so far: with
    /// <c>dotnet run</c> the node is a child of the started process, and both count.
    /// </summary>
    public static TimeSpan TreeProcessorTime(Process root)
    {
        root.Refresh();
        var total = root.TotalProcessorTime;
        foreach (var child in Children(root.Id))
        {
            using var process = Process.GetProcessById(child);
            total += TreeProcessorTime(process);
        }

        return total;
    }

    /// <summary>
    /// The CPU time, user and system, of every child process of the load tool that has exited and been waited for, so far
    /// (<c>getrusage(RUSAGE_CHILDREN)</c>): the difference across a child's run is its CPU time, which the OS no longer
    /// tells of the child itself once it has exited.
    /// </summary>
    public static TimeSpan ReapedChildrenProcessorTime()
    {
        // struct rusage on 64-bit Linux: user time and system time as (seconds, microseconds), then 14 counters.
        var usage = new long[18];
        if (GetResourceUsage(ReapedChildren, usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        return TimeSpan.FromSeconds(usage[0] + usage[2]) + TimeSpan.FromMicroseconds(usage[1] + usage[3]);
    }

    /// <summary>The child processes of <paramref name="pid"/>, read from every thread's <c>children</c> file under /proc.</summary>
    private static IEnumerable<int> Children(int pid)
    {
        var children = new List<int>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                children.AddRange(File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(child => int.Parse(child, CultureInfo.InvariantCulture)));
            }
            catch (IOException)
            {
                // The thread has ended since the listing: its children, if any, now belong to another thread of the process.
            }
        }

        return children;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetResourceUsage(int who, [Out] long[] usage);
}
