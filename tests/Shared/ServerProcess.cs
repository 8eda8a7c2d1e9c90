using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Realtime.Testing;

/// <summary>A real Realtime.Server process on a loopback port, with its own working directory.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseAddress };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Http { get; }

    /// <summary>The node's name in a cluster: <c>host:port</c> of the URL it listens on.</summary>
    public string HostAndPort => Http.BaseAddress!.Authority;

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

    public bool HasExited => _process.HasExited;

    /// <summary>The CPU time the process has used so far, user and system.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the server in <paramref name="workDirectory"/> with the given arguments plus a free port.</summary>
    public static ServerProcess Start(string workDirectory, params string[] arguments)
    {
        var port = LoopbackPorts.Free();
        var start = StartInfo(workDirectory, [.. arguments, "--urls", $"http://127.0.0.1:{port}"]);
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        return new ServerProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Runs the server as a command (for example <c>create-admin</c>) in <paramref name="workDirectory"/> with <paramref name="input"/> on its standard input, to its end.</summary>
    /// <returns>Its exit code and everything it wrote to standard output and error.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workDirectory, string input, params string[] arguments)
    {
        var (exitCode, _, output) = await ChildCommand.RunAsync(StartInfo(workDirectory, arguments), Patience, input);
        return (exitCode, output);
    }

    private static ProcessStartInfo StartInfo(string workDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Polls <c>/status</c> until <paramref name="condition"/> holds; fails with the server's output if it never does.</summary>
    public async Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The server exited ({_process.ExitCode}) while waiting for {what}.\n{Output}");
            }

            try
            {
                var status = await Http.GetFromJsonAsync<JsonElement>("/status");
                if (condition(status))
                {
                    return status;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Gave up waiting for {what}.\n{Output}");
        throw new UnreachableException();
    }

    /// <summary>Polls <c>/metrics</c> until <paramref name="condition"/> holds of its Prometheus text, and returns that text.</summary>
    public async Task<string> WaitForMetricsAsync(Func<string, bool> condition, string what)
    {
        var metrics = "";
        await WaitForStatusAsync(_ => condition(metrics = MetricsAsync().GetAwaiter().GetResult()), what);
        return metrics;
    }

    /// <summary>Waits until every pipeline is in <paramref name="state"/>.</summary>
    public Task<JsonElement> WaitForPipelinesAsync(string state) =>
        WaitForStatusAsync(s => s.GetProperty("pipelines").EnumerateArray().All(p => p.GetProperty("state").GetString() == state)
            && s.GetProperty("pipelines").GetArrayLength() > 0, $"pipelines {state}");

    /// <summary>Waits for the process to exit on its own (a start-up failure).</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits for it.</summary>
    public async Task TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Posts a Druid query to <c>/druid/v2</c> and returns the result; fails the test unless the node answers 200.</summary>
    public async Task<JsonElement> QueryAsync(string query)
    {
        var (status, body) = await PostQueryAsync(query);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return body;
    }

    /// <summary>Posts a Druid query to <c>/druid/v2</c> and returns the status and the JSON body, whatever they are.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostQueryAsync(string query)
    {
        using var response = await Http.PostAsync("/druid/v2", new StringContent(query, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The Prometheus text from <c>/metrics</c>.</summary>
    public Task<string> MetricsAsync() => Http.GetStringAsync("/metrics");

    /// <summary>A counter's value in Prometheus text, summed over its labels.</summary>
    public static long Counter(string prometheus, string name) =>
        prometheus.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal))
            .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        Http.Dispose();
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

    private static string ServerAssembly
    {
        get
        {
            var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
            var path = Path.Combine(RepositoryPaths.Root, "Realtime.Server", "bin", configuration, "net10.0", "Realtime.Server.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build Realtime.Server first: {path} is missing.");
        }
    }
}
