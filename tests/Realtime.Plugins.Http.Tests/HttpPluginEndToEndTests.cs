using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Realtime.Plugins.Http.Tests.Pull;
using Realtime.Plugins.Http.Tests.Receiver;
using Realtime.Testing;

namespace Realtime.Plugins.Http.Tests;

/// <summary>The plugin built into its folder, loaded by a fresh node process through the load list, fed over loopback HTTP.</summary>
[NonParallelizable]
public sealed class HttpPluginEndToEndTests
{
    private const string Push = "/druid/worker/v1/chat/events/push-events";
    private const string Shutdown = "/druid/worker/v1/chat/events/shutdown";

    [Test]
    public async Task Pushed_batches_are_ingested_and_shutdown_finishes_the_job()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("spec.json", PagesSpec("""{ "type": "receiver", "serviceName": "druid:firehose:events" }"""));
        await using var server = Start(workspace, spec);
        var status = await server.WaitForPipelinesAsync("Running");

        var array = await server.Http.PostAsync(Push, Json(ReceiverFixture.Array(Enumerable.Range(0, 100))));
        var ndjson = new ByteArrayContent(ReceiverFixture.Gzip(string.Join("\n", Enumerable.Range(100, 50).Select(i => ReceiverFixture.Event(i)))));
        ndjson.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        ndjson.Headers.ContentEncoding.Add("gzip");
        var gzipped = await server.Http.PostAsync(Push, ndjson);
        var unknown = await server.Http.PostAsync("/druid/worker/v1/chat/nobody/push-events", Json("[]"));
        var notArray = await server.Http.PostAsync(Push, Json("{}"));
        var shutdown = await server.Http.PostAsync(Shutdown, null);
        await server.WaitForPipelinesAsync("Finished");
        var afterShutdown = await server.Http.PostAsync(Push, Json("[]"));

        var counts = PushedCounts(workspace);
        var module = status.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "Http");
        var arrayAnswer = await array.Content.ReadFromJsonAsync<JsonElement>();
        var gzippedAnswer = await gzipped.Content.ReadFromJsonAsync<JsonElement>();
        var unknownAnswer = await unknown.Content.ReadAsStringAsync();
        var notArrayAnswer = await notArray.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(array.StatusCode, Is.EqualTo(HttpStatusCode.OK), server.Output);
            Assert.That(arrayAnswer.GetProperty("eventCount").GetInt32(), Is.EqualTo(100));
            Assert.That(gzippedAnswer.GetProperty("eventCount").GetInt32(), Is.EqualTo(50));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknownAnswer, Does.Contain("'nobody'").And.Contain("events"));
            Assert.That(notArray.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(notArrayAnswer, Does.Contain("not an array"));
            Assert.That(shutdown.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterShutdown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the endpoint exists only while the firehose is connected");
            Assert.That(module.GetProperty("types").EnumerateArray().Select(t => t.GetString()), Is.EquivalentTo(new[] { "receiver", "http" }));
            Assert.That(Directory.GetFiles(Path.Combine(NodeWorkspace.Plugins, "Http"), "*.dll").Select(Path.GetFileName), Is.EqualTo(new[] { "Http.dll" }),
                "the contracts come from the node, not from a private copy");
            Assert.That(counts.Keys.Order(), Is.EqualTo(Enumerable.Range(0, 150).Select(Page).Order()));
            Assert.That(counts.Values, Has.All.EqualTo(1));
        });
    }

    [Test]
    public async Task The_http_firehose_reads_objects_from_a_loopback_server_and_finishes()
    {
        await using var source = await LoopbackServer.StartAsync(async context =>
        {
            var first = context.Request.Path.Value == "/a.json.gz" ? 0 : 40;
            var text = string.Join("\n", Enumerable.Range(first, 40).Select(i => ReceiverFixture.Event(i))) + "\n";
            var body = context.Request.Path.Value!.EndsWith(".gz", StringComparison.Ordinal) ? ReceiverFixture.Gzip(text) : Encoding.UTF8.GetBytes(text);
            if (context.Request.Headers.Authorization != "Bearer pull-token")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await context.Response.Body.WriteAsync(body);
        });
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("spec.json", PagesSpec($$"""
            { "type": "http", "uris": ["{{source.UriOf("a.json.gz")}}", "{{source.UriOf("b.json")}}"],
              "headers": { "Authorization": "Bearer pull-token" } }
            """, parser: "string"));
        await using var server = Start(workspace, spec);

        await server.WaitForPipelinesAsync("Finished");

        var counts = PushedCounts(workspace);
        Assert.Multiple(() =>
        {
            Assert.That(counts.Keys.Order(), Is.EqualTo(Enumerable.Range(0, 80).Select(Page).Order()), server.Output);
            Assert.That(counts.Values, Has.All.EqualTo(1));
        });
    }

    [TestCase(true, TestName = "Killed between a persist and its commit, durable acknowledgement with producer sequences loses and repeats nothing")]
    [TestCase(false, TestName = "Killed between a persist and its commit, durable acknowledgement with client retries loses nothing")]
    public async Task Killed_between_a_persist_and_its_commit(bool producerSequences)
    {
        using var workspace = new NodeWorkspace();
        var hold = workspace.PathOf("hold-commits");
        var spec = workspace.Write("spec.json", PagesSpec($$"""
            { "type": "test-commit-gate", "holdFile": {{JsonSerializer.Serialize(hold)}},
              "delegate": { "type": "receiver", "serviceName": "events", "ackMode": "durable", "durablePersistPeriod": "PT0.1S" } }
            """));

        await using (var first = Start(workspace, spec))
        {
            await first.WaitForPipelinesAsync("Running");
            var acknowledged = await first.Http.SendAsync(Batch(0, 100, producerSequences ? 1 : null));
            Assert.That(acknowledged.StatusCode, Is.EqualTo(HttpStatusCode.OK), first.Output);

            File.WriteAllText(hold, "");
            var unacknowledged = first.Http.SendAsync(Batch(100, 100, producerSequences ? 2 : null));
            await first.WaitForStatusAsync(_ => File.Exists(hold + ".held"), "a persist whose commit is held");
            await first.KillAsync();
            Assert.That(await AnswerAsync(unacknowledged), Is.Not.EqualTo(HttpStatusCode.OK), "the held batch was never acknowledged");
        }

        File.Delete(hold);
        await using var second = Start(workspace, spec);
        await second.WaitForPipelinesAsync("Running");
        var retry = await second.Http.SendAsync(Batch(100, 100, producerSequences ? 2 : null));
        var last = await second.Http.SendAsync(Batch(200, 50, producerSequences ? 3 : null));
        await second.Http.PostAsync(Shutdown, null);
        await second.WaitForPipelinesAsync("Finished");

        var counts = PushedCounts(workspace);
        var retried = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), second.Output);
            Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(counts.Keys.Order(), Is.EqualTo(Enumerable.Range(0, 250).Select(Page).Order()), "no event is lost");
            Assert.That(Enumerable.Range(0, 100).Select(i => counts[Page(i)]), Has.All.EqualTo(1), "the batch committed before the crash is not repeated");
            Assert.That(Enumerable.Range(200, 50).Select(i => counts[Page(i)]), Has.All.EqualTo(1));
            if (producerSequences)
            {
                // The held persist may hold all, part or none of the batch, depending on when the ingest loop took the
                // persist request; the retry then adds only what is missing.
                Assert.That(retried.GetProperty("eventCount").GetInt32(), Is.InRange(0, 100));
                Assert.That(Enumerable.Range(100, 100).Select(i => counts[Page(i)]), Has.All.EqualTo(1), "exact counts");
            }
            else
            {
                Assert.That(retried.GetProperty("eventCount").GetInt32(), Is.EqualTo(100));
                Assert.That(Enumerable.Range(100, 100).Select(i => counts[Page(i)]), Has.All.InRange(1, 2), "at least once");
            }
        });
    }

    /// <summary>The status a request got, or null when the connection broke first.</summary>
    private static async Task<HttpStatusCode?> AnswerAsync(Task<HttpResponseMessage> request)
    {
        try
        {
            return (await request).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static ServerProcess Start(NodeWorkspace workspace, string spec) =>
        workspace.Start(spec, "--Realtime:Plugins:LoadList:0", "Http", "--Realtime:Plugins:LoadList:1", "Realtime.TestPlugins.CommitGate");

    private static HttpRequestMessage Batch(int first, int count, long? sequence)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Push) { Content = Json(ReceiverFixture.Array(Enumerable.Range(first, count))) };
        if (sequence is { } seq)
        {
            request.Headers.Add("X-Firehose-Producer-Id", "producer-1");
            request.Headers.Add("X-Firehose-Producer-Seq", seq.ToString(CultureInfo.InvariantCulture));
        }

        return request;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Page(int i) => $"p-{i}";

    /// <summary>Events per page in the pushed segments, from the <c>count</c> metric.</summary>
    private static Dictionary<string, long> PushedCounts(NodeWorkspace workspace) =>
        workspace.PushedIndexFiles().SelectMany(workspace.PushedRows)
            .GroupBy(r => (string)r.Dimensions["page"]!)
            .ToDictionary(g => g.Key, g => g.Sum(r => Convert.ToInt64(r.Metrics["count"], CultureInfo.InvariantCulture)));

    private static string PagesSpec(string firehose, string parser = "map") => $$"""
        [{
          "dataSchema": {
            "dataSource": "pages",
            "parser": { "type": "{{parser}}", "parseSpec": { "format": "json", "timestampSpec": { "column": "timestamp", "format": "auto" },
              "dimensionsSpec": { "dimensions": ["page"] } } },
            "metricsSpec": [ { "type": "count", "name": "count" }, { "type": "longSum", "name": "added", "fieldName": "added" } ],
            "granularitySpec": { "segmentGranularity": "day", "queryGranularity": "none" }
          },
          "ioConfig": { "type": "realtime", "firehose": {{firehose}} },
          "tuningConfig": { "type": "realtime", "basePersistDirectory": "data/persist", "rejectionPolicy": { "type": "none" } }
        }]
        """;
}
