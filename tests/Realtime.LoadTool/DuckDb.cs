using System.Diagnostics;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Realtime.LoadTool;

/// <summary>
/// The DuckDB yardstick: the rollup of <c>duckdb/rollup.sql</c> over the same NDJSON file, run by one of two peers, each in
/// its own process: Node.js (<c>duckdb/rollup.mjs</c> with @duckdb/node-api, installed into the work directory once) or
/// DuckDB.NET in the load tool started again as <c>duckdb-peer FILE</c>. Either prints one JSON line: the rollup's
/// seconds, the rows it made and the events they count.
/// </summary>
internal static class DuckDb
{
    /// <summary>The load tool's first argument that makes it the .NET peer.</summary>
    public const string PeerCommand = "duckdb-peer";

    private const string CountSql = "SELECT count(*) AS rows, CAST(sum(count) AS BIGINT) AS events FROM rollup";

    /// <summary>The Node.js peer's program and arguments, to run in the directory <see cref="PrepareNodeAsync"/> returns.</summary>
    public static (string Program, string[] Arguments) NodePeer(string file) => ("node", ["rollup.mjs", file]);

    /// <summary>The .NET peer's program and arguments: this load tool, by the dotnet host.</summary>
    public static (string Program, string[] Arguments) DotNetPeer(string file) => ("dotnet", [typeof(DuckDb).Assembly.Location, PeerCommand, file]);

    /// <summary>Runs the Node.js peer on <paramref name="file"/> and returns its line, checked to count <paramref name="events"/>.</summary>
    public static async Task<JsonElement> RunNodeAsync(string file, string workDirectory, int events)
    {
        var (program, arguments) = NodePeer(file);
        return Check(await ChildProcess.RunAsync(program, await PrepareNodeAsync(workDirectory), arguments), events);
    }

    /// <summary>
    /// Makes the Node.js peer's directory, <c>duckdb</c> in <paramref name="workDirectory"/>, with the script, the SQL and
    /// @duckdb/node-api (npm installs it on first use), and returns it.
    /// </summary>
    public static async Task<string> PrepareNodeAsync(string workDirectory)
    {
        var directory = Directory.CreateDirectory(Path.Combine(workDirectory, "duckdb")).FullName;
        foreach (var name in new[] { "rollup.mjs", "rollup.sql" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "duckdb", name), Path.Combine(directory, name), overwrite: true);
        }

        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@duckdb", "node-api")))
        {
            await ChildProcess.RunAsync("npm", directory, "install", "--no-save", "@duckdb/node-api");
        }

        return directory;
    }

    /// <summary>The .NET peer, in its own process: rolls <paramref name="file"/> up in an in-memory database and prints its line.</summary>
    public static void RunPeer(string file)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var clock = Stopwatch.StartNew();
        using (var rollup = connection.CreateCommand())
        {
            rollup.CommandText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "duckdb", "rollup.sql"));
            rollup.Parameters.Add(new DuckDBParameter("file", file));
            rollup.ExecuteNonQuery();
        }

        var seconds = clock.Elapsed.TotalSeconds;
        using var count = connection.CreateCommand();
        count.CommandText = CountSql;
        using var reader = count.ExecuteReader();
        reader.Read();
        var events = reader.GetInt64(1);
        Console.WriteLine(JsonSerializer.Serialize(new { seconds, rows = reader.GetInt64(0), events, eventsPerSecond = events / seconds }));
    }

    /// <summary>A peer's line, the last of <paramref name="output"/>; fails unless its rollup counts <paramref name="events"/> events.</summary>
    public static JsonElement Check(string output, int events)
    {
        var line = JsonSerializer.Deserialize<JsonElement>(output.Trim().Split('\n')[^1]);
        var counted = line.GetProperty("events").GetInt64();
        return counted == events ? line : throw new InvalidOperationException($"DuckDB's rollup counts {counted:N0} events, not {events:N0}: {line}");
    }
}
