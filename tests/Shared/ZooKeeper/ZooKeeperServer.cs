using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Realtime.Testing;

/// <summary>
/// A real ZooKeeper server (Debian's <c>zookeeper</c> package) as a child process on a loopback port, with its own
/// data directory. Its tick is 500 ms, so sessions may time out between 1 s and 10 s.
/// </summary>
internal sealed class ZooKeeperServer : IAsyncDisposable
{
    private const string ZooKeeperJar = "/usr/share/java/zookeeper.jar";

    /// <summary>The one logging binding on the class path, so that the server's log goes to its standard error.</summary>
    private const string LoggingJar = "/usr/share/java/slf4j-simple.jar";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private readonly string _directory;
    private readonly string _config;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private ZooKeeperServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
        _config = Path.Combine(directory, "zoo.cfg");
        var dataDirectory = Path.Combine(directory, "data");
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllLines(_config,
        [
            "tickTime=500",
            $"dataDir={dataDirectory}",
            $"clientPort={port}",
            "clientPortAddress=127.0.0.1",
            "admin.enableServer=false",
            "4lw.commands.whitelist=ruok",
            "preAllocSize=1024",
        ]);
    }

    /// <summary>The server's client port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The connect string for a client, <c>127.0.0.1:port</c>.</summary>
    public string ConnectString => $"127.0.0.1:{Port}";

    /// <summary>What the server has written to its standard output and error, across restarts.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a server on a free port and waits until it answers <c>ruok</c>.</summary>
    public static async Task<ZooKeeperServer> StartAsync()
    {
        var java = FindJava();
        foreach (var jar in new[] { ZooKeeperJar, LoggingJar })
        {
            if (!File.Exists(jar))
            {
                Assert.Fail($"{jar} is missing: the ZooKeeper tests need a real ZooKeeper server; install it with `apt-get install -y zookeeper`.");
            }
        }

        var server = new ZooKeeperServer(Path.Combine(Path.GetTempPath(), $"realtime-zookeeper-{Guid.NewGuid():N}"), LoopbackPorts.Free());
        try
        {
            await server.LaunchAsync(java);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server, as a crash would; its data directory and port are kept for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
        Append("--- stopped ---");
    }

    /// <summary>Starts the server again on the same port and data directory (stopping it first if it runs).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync(FindJava());
    }

    /// <summary>Kills the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string FindJava()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var java = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "java"))
            .FirstOrDefault(File.Exists);
        if (java is null)
        {
            Assert.Fail("java is not on the PATH: the ZooKeeper tests need a real ZooKeeper server; install it with `apt-get install -y zookeeper`.");
            throw new UnreachableException();
        }

        return java;
    }

    private async Task LaunchAsync(string java)
    {
        var start = new ProcessStartInfo(java)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", $"{ZooKeeperJar}:{LoggingJar}",
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", _config,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilServingAsync(process);
    }

    private async Task WaitUntilServingAsync(Process process)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            if (process.HasExited)
            {
                Assert.Fail($"The ZooKeeper server exited ({process.ExitCode}) before serving on port {Port}.\n{Output}");
            }

            if (await AnswersRuokAsync())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The ZooKeeper server did not answer ruok on port {Port} within {Patience}.\n{Output}");
    }

    private async Task<bool> AnswersRuokAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("ruok"u8.ToArray(), timeout.Token);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return await reader.ReadToEndAsync(timeout.Token) == "imok";
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
