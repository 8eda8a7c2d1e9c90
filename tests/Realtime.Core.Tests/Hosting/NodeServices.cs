using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Core.Cluster;

namespace Realtime.Core.Tests.Hosting;

/// <summary>
/// A node's services as <c>AddRealtime</c> registers them on embedded defaults, in a throwaway directory (metadata
/// store, segment cache, plugins) that disposing deletes.
/// </summary>
internal sealed class NodeServices(string prefix) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The file the embedded metadata store keeps.</summary>
    public string MetadataFile => Path.Combine(_directory, "metadata.db");

    /// <summary>The services, with <paramref name="inventory"/> as the cluster's servers and <paramref name="settings"/> added to the configuration.</summary>
    public ServiceProvider Build(IServerInventory inventory, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Realtime:Metadata:ConnectionString"] = $"Data Source={MetadataFile}",
            ["Realtime:Serving:Directory"] = Path.Combine(_directory, "segment-cache"),
            ["Realtime:Plugins:Directory"] = Path.Combine(_directory, "plugins"),
        }.Concat(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(inventory)
            .AddRealtime(configuration.GetSection("Realtime"))
            .BuildServiceProvider();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
