using System.Text.Json.Nodes;
using Realtime.Testing;

namespace Realtime.Core.Tests.Query;

/// <summary>
/// The five wikipedia edits of the sample data, ingested with the sample spec's schema (six-hour segments, so the mixed
/// and brokered layouts serve one handed-off segment and two live sinks).
/// </summary>
internal static class WikipediaSample
{
    /// <summary>The sample file's events, one JSON line each.</summary>
    public static async Task<List<string>> EventsAsync() =>
        [.. (await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.Root, "samples", "data", "wikipedia_index_data.json"))).Where(e => e.Length > 0)];

    /// <summary>A cluster serving the sample events in <paramref name="layout"/>, as data source <see cref="QueryCluster.DataSource"/>.</summary>
    public static async Task<QueryCluster> StartAsync(Layout layout)
    {
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "samples", "specs", "wikipedia-local.json")))!;
        var schema = spec[0]!["dataSchema"]!;
        schema["dataSource"] = QueryCluster.DataSource;
        return await QueryCluster.StartAsync(schema.ToJsonString(), await EventsAsync(), layout, "six_hour",
            maxRowsInMemory: layout is Layout.Mixed or Layout.Brokered ? 2 : 75000);
    }
}
