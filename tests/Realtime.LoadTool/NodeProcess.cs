using System.Diagnostics;
using Realtime.Testing;

namespace Realtime.LoadTool;

/// <summary>A way to start Realtime.Server as a process: the program to run and the arguments that come before the node's own.</summary>
internal sealed record NodeLauncher(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>The build output's Realtime.Server.dll, run by the dotnet host.</summary>
    public static NodeLauncher BuiltAssembly { get; } = new("dotnet",
        [Path.Combine(RepositoryPaths.Root, "Realtime.Server", "bin", ChildProcess.Configuration, "net10.0", "Realtime.Server.dll")]);

    /// <summary>
    /// <c>dotnet run</c> on the Realtime.Server project, as a user starts the node from the source tree. <c>--no-build</c>
    /// makes this the figure of running the node after a build (the load tool's build has built it): without it every run
    /// would also pay for an incremental build.
    /// </summary>
    public static NodeLauncher DotNetRun { get; } = new("dotnet",
        ["run", "-c", ChildProcess.Configuration, "--no-build", "--project", Path.Combine(RepositoryPaths.Root, "Realtime.Server"), "--"]);

    /// <summary>A published Realtime.Server executable (<c>dotnet publish Realtime.Server -c Release -o DIR</c>).</summary>
    public static NodeLauncher Executable(string path) => new(Path.GetFullPath(path), []);
}

/// <summary>
/// Realtime.Server as a child process of the load tool, listening on a free loopback port, with warnings only logged;
/// disposing it kills its process tree.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private readonly Process _process;

    private NodeProcess(Process process, HttpClient http)
    {
        _process = process;
        Http = http;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
    }

    /// <summary>A client of the node's HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>The CPU time the node has used so far, user and system, with that of the processes it started.</summary>
    public TimeSpan ProcessorTime => ChildProcess.TreeProcessorTime(_process);

    /// <summary>
    /// Starts the node in <paramref name="directory"/> through <paramref name="launcher"/>, with <paramref name="settings"/>
    /// after the defaults; <paramref name="handler"/> is the HTTP handler of <see cref="Http"/>, a default one when null.
    /// </summary>
    public static NodeProcess Start(NodeLauncher launcher, string directory, HttpMessageHandler? handler, params IEnumerable<string> settings)
    {
        var address = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        var process = ChildProcess.Start(launcher.Program, directory,
            [.. launcher.Arguments, "--urls", address, "--Logging:LogLevel:Default", "Warning", .. settings]);
        return new NodeProcess(process, new HttpClient(handler ?? new SocketsHttpHandler()) { BaseAddress = new Uri(address) });
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every <paramref name="pollMillis"/> ms until it holds; a refused connection counts
    /// as not yet. Fails if the node exits or <paramref name="what"/> takes more than 5 minutes.
    /// </summary>
    public async Task WaitAsync(string what, Func<Task<bool>> condition, int pollMillis = 200)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The node exited ({_process.ExitCode}) while waiting for {what}.");
            }

            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(pollMillis);
        }

        throw new TimeoutException($"The node did not get to {what} within {Patience.TotalMinutes} minutes.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
    }
}
