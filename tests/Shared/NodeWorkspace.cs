using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Realtime.Core.Index;

namespace Realtime.Testing;

/// <summary>A node's working directory: spec files, input data, and what the node writes under <c>data/</c>.</summary>
internal sealed class NodeWorkspace : IDisposable
{
    public NodeWorkspace() => Directory = System.IO.Directory.CreateTempSubdirectory("realtime-node-").FullName;

    public string Directory { get; }

    /// <summary>The plugins folder the test project builds (its @(TestPlugin) projects, see TestPlugins.targets).</summary>
    public static string Plugins => Path.Combine(AppContext.BaseDirectory, "TestPlugins");

    /// <summary>Sample data shipped with the repository.</summary>
    public static string SampleData(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public string Write(string name, string text)
    {
        var path = PathOf(name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Starts the server here on <paramref name="spec"/>, with this workspace's test plugins.</summary>
    public ServerProcess Start(string spec, params string[] arguments) =>
        ServerProcess.Start(Directory, ["--spec", spec, "--Realtime:Plugins:Directory", Plugins, .. arguments]);

    /// <summary>The segment files pushed to local deep storage.</summary>
    public IReadOnlyList<string> PushedIndexFiles() =>
        System.IO.Directory.Exists(PathOf("data/deep-storage"))
            ? System.IO.Directory.GetFiles(PathOf("data/deep-storage"), "index.zip", SearchOption.AllDirectories)
            : [];

    /// <summary>The rows of a pushed segment, read from its <c>index.zip</c>.</summary>
    public IReadOnlyList<IndexRow> PushedRows(string indexZip)
    {
        var unpacked = System.IO.Directory.CreateTempSubdirectory("realtime-pushed-").FullName;
        ZipFile.ExtractToDirectory(indexZip, unpacked);
        using var index = PersistedIndex.Load(unpacked);
        return IndexRows.Read(index);
    }

    /// <summary>Every row of the hydrants persisted under <c>data/persist/</c> for <paramref name="dataSource"/>.</summary>
    public IReadOnlyList<IndexRow> PersistedRows(string dataSource)
    {
        var rows = new List<IndexRow>();
        foreach (var sink in System.IO.Directory.GetDirectories(PathOf(Path.Combine("data/persist", dataSource))))
        {
            foreach (var hydrant in System.IO.Directory.GetDirectories(sink).Where(d => int.TryParse(Path.GetFileName(d), out _)))
            {
                using var index = PersistedIndex.Load(hydrant);
                rows.AddRange(IndexRows.Read(index));
            }
        }

        return rows;
    }

    /// <summary>The rows of the metadata store's segments table: id and used flag.</summary>
    public IReadOnlyList<(string Id, bool Used)> PublishedSegments()
    {
        using var connection = new SqliteConnection($"Data Source={PathOf("data/metadata.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, used FROM druid_segments ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, bool)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetBoolean(1)));
        }

        return rows;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
