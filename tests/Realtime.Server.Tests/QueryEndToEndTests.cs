using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Realtime.Server.Tests;

/// <summary>Druid queries posted to the node's <c>/druid/v2</c> endpoints, as dashboards and clients send them.</summary>
[NonParallelizable]
public class QueryEndToEndTests
{
    private const string Day = "\"intervals\":[\"2013-08-31/2013-09-01\"]";

    [Test]
    public async Task TheWikipediaSampleAnswersDruidsIntegrationQueries()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("wikipedia.json", IngestionEndToEndTests.WikipediaSpec(NodeWorkspace.SampleData("wikipedia_index_data.json")));
        await using var server = workspace.Start(spec);
        await server.WaitForPipelinesAsync("Finished");

        var timeseries = await server.QueryAsync($$"""
            {"queryType":"timeseries","dataSource":"wikipedia",{{Day}},"granularity":"all",
             "filter":{"type":"selector","dimension":"language","value":"en"},
             "aggregations":[{"type":"count","name":"rows"},{"type":"doubleSum","name":"added","fieldName":"added"},
               {"type":"doubleSum","name":"deleted","fieldName":"deleted"},{"type":"doubleSum","name":"delta","fieldName":"delta"}]}
            """);
        var topN = await server.QueryAsync($$"""
            {"queryType":"topN","dataSource":"wikipedia",{{Day}},"granularity":"all","dimension":"page","metric":"added","threshold":3,
             "aggregations":[{"type":"doubleSum","name":"added","fieldName":"added"}]}
            """);
        var groupBy = await server.QueryAsync($$"""
            {"queryType":"groupBy","dataSource":"wikipedia",{{Day}},"granularity":"all","dimensions":["namespace"],
             "aggregations":[{"type":"count","name":"rows"}]}
            """);
        var search = await server.QueryAsync($$"""
            {"queryType":"search","dataSource":"wikipedia",{{Day}},"granularity":"all","query":{"type":"insensitive_contains","value":"ip"} }
            """);
        var boundary = await server.QueryAsync("""{"queryType":"timeBoundary","dataSource":"wikipedia"}""");

        var totals = timeseries[0].GetProperty("result");
        var top = topN[0].GetProperty("result").EnumerateArray().Select(r => (r.GetProperty("page").GetString(), r.GetProperty("added").GetDouble())).ToList();
        var groups = groupBy.EnumerateArray().Select(r => (r.GetProperty("event").GetProperty("namespace").GetString(), r.GetProperty("event").GetProperty("rows").GetInt64())).ToList();
        var hits = search[0].GetProperty("result").EnumerateArray().Select(r => (r.GetProperty("dimension").GetString(), r.GetProperty("value").GetString(), r.GetProperty("count").GetInt64())).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(totals.GetProperty("rows").GetInt64(), Is.EqualTo(2));
            Assert.That(totals.GetProperty("added").GetDouble(), Is.EqualTo(516));
            Assert.That(totals.GetProperty("deleted").GetDouble(), Is.EqualTo(329));
            Assert.That(totals.GetProperty("delta").GetDouble(), Is.EqualTo(187));
            Assert.That(top, Is.EqualTo(new[] { ("Crimson Typhoon", 905.0), ("Striker Eureka", 459.0), ("Cherno Alpha", 123.0) }));
            Assert.That(groups, Is.EqualTo(new[] { ("article", 2L), ("wikipedia", 3L) }));
            Assert.That(hits, Is.EquivalentTo(new[] { ("user", "triplets", 1L), ("namespace", "wikipedia", 3L) }));
            Assert.That(boundary[0].GetProperty("result").GetProperty("minTime").GetString(), Is.EqualTo("2013-08-31T01:02:33.000Z"));
            Assert.That(boundary[0].GetProperty("result").GetProperty("maxTime").GetString(), Is.EqualTo("2013-08-31T12:41:27.000Z"));
        });
    }

    [Test]
    public async Task RowsAreQueryableWhileTheFirehoseIsStillOpenAndNoneIsCountedTwiceAcrossPersists()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("counter.json", IngestionEndToEndTests.CounterSpec(count: 9, holdOpen: true, workspace.PathOf("committed.txt")));
        await using var server = workspace.Start(spec);
        const string query = """
            {"queryType":"timeseries","dataSource":"counter","intervals":["2013-08-31/2013-09-01"],"granularity":"all",
             "aggregations":[{"type":"count","name":"rows"},{"type":"longSum","name":"value","fieldName":"value"}]}
            """;

        await server.WaitForPipelinesAsync("Running");
        var patience = Stopwatch.StartNew();
        JsonElement result;
        do
        {
            await Task.Delay(100);
            result = await server.QueryAsync(query);
        }
        while ((result.GetArrayLength() == 0 || result[0].GetProperty("result").GetProperty("rows").GetInt64() < 9) && patience.Elapsed < TimeSpan.FromSeconds(60));

        var status = await server.Http.GetFromJsonAsync<JsonElement>("/status");
        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("pipelines")[0].GetProperty("state").GetString(), Is.EqualTo("Running"), "the firehose is still open");
            Assert.That(Version.Parse(status.GetProperty("version").GetString()!), Is.GreaterThanOrEqualTo(new Version(0, 14, 0)), "Druid clients read version as a Druid release");
            Assert.That(status.GetProperty("version").GetString(), Does.Match(@"^\d+\.\d+\.\d+$"));
            Assert.That(status.GetProperty("realtimeVersion").GetString(), Is.Not.Empty);
            Assert.That(result[0].GetProperty("result").GetProperty("rows").GetInt64(), Is.EqualTo(9), server.Output);
            Assert.That(result[0].GetProperty("result").GetProperty("value").GetInt64(), Is.EqualTo(Enumerable.Range(0, 9).Sum()));
            Assert.That(workspace.PushedIndexFiles(), Is.Empty, "nothing is handed off yet: the rows come from live hydrants");
        });
    }

    [Test]
    public async Task BadQueriesGetDruidErrorsAndTheNodeKeepsServing()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("wikipedia.json", IngestionEndToEndTests.WikipediaSpec(NodeWorkspace.SampleData("wikipedia_index_data.json")));
        await using var server = workspace.Start(spec);
        await server.WaitForPipelinesAsync("Finished");

        var unknownType = await server.PostQueryAsync("""{"queryType":"select2","dataSource":"wikipedia","intervals":["2013/2014"]}""");
        var unknownFilter = await server.PostQueryAsync($$"""{"queryType":"timeseries","dataSource":"wikipedia",{{Day}},"filter":{"type":"spatial2","dimension":"x"},"aggregations":[]}""");
        var missingField = await server.PostQueryAsync("""{"queryType":"timeseries","dataSource":"wikipedia","aggregations":[]}""");
        var notJson = await server.PostQueryAsync("{ this is not json");
        var unknownSource = await server.QueryAsync($$"""{"queryType":"timeseries","dataSource":"nowhere",{{Day}},"aggregations":[{"type":"count","name":"rows"}]}""");

        Assert.Multiple(() =>
        {
            Assert.That(unknownType.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unknownType.Body.GetProperty("errorMessage").GetString(), Does.Contain("select2").And.Contain("timeseries"));
            Assert.That(unknownType.Body.GetProperty("errorClass").GetString(), Is.Not.Empty);
            Assert.That(unknownType.Body.TryGetProperty("host", out _), Is.True);
            Assert.That(unknownFilter.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unknownFilter.Body.GetProperty("errorMessage").GetString(), Does.Contain("$.filter").And.Contain("spatial2"));
            Assert.That(missingField.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(missingField.Body.GetProperty("errorMessage").GetString(), Does.Contain("intervals"));
            Assert.That(notJson.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(notJson.Body.GetProperty("error").GetString(), Is.EqualTo("Invalid query"));
            Assert.That(unknownSource.GetArrayLength(), Is.EqualTo(1), "a timeseries of granularity all without data answers one row of empty aggregates, as Druid's tool chest does");
            Assert.That(unknownSource[0].GetProperty("result").GetProperty("rows").GetInt64(), Is.EqualTo(0));
        });

        var healthy = await server.QueryAsync("""{"queryType":"timeBoundary","dataSource":"wikipedia"}""");
        Assert.That(healthy.GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task DataSourceEndpointsListColumnsAndPrettyPrintingIndents()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("wikipedia.json", IngestionEndToEndTests.WikipediaSpec(NodeWorkspace.SampleData("wikipedia_index_data.json")));
        await using var server = workspace.Start(spec);
        await server.WaitForPipelinesAsync("Finished");

        var sources = await server.Http.GetFromJsonAsync<string[]>("/druid/v2/datasources");
        var columns = await server.Http.GetFromJsonAsync<JsonElement>("/druid/v2/datasources/wikipedia");
        var unknown = await server.Http.GetAsync("/druid/v2/datasources/nowhere");
        var cancelUnknown = await server.Http.DeleteAsync("/druid/v2/no-such-query");
        using var pretty = await server.Http.PostAsync("/druid/v2/?pretty", new StringContent("""{"queryType":"timeBoundary","dataSource":"wikipedia"}""", Encoding.UTF8, "application/json"));
        var prettyText = await pretty.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(sources, Is.EqualTo(new[] { "wikipedia" }));
            Assert.That(columns.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()), Does.Contain("page").And.Contain("language"));
            Assert.That(columns.GetProperty("metrics").EnumerateArray().Select(d => d.GetString()), Is.EquivalentTo(new[] { "count", "added", "deleted", "delta" }));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(cancelUnknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(pretty.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(prettyText, Does.Contain("\n").And.Contain("minTime"));
        });
    }
}
