using System.Globalization;
using System.Text.Json;
using Realtime.Abstractions.Time;

namespace Realtime.Server.Tests;

/// <summary>The node run as a process on spec files, the way users run it.</summary>
[NonParallelizable]
public class IngestionEndToEndTests
{
    [Test]
    public async Task TheWikipediaSampleIsPushedPublishedAndHoldsEveryRow()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("wikipedia.json", WikipediaSpec(NodeWorkspace.SampleData("wikipedia_index_data.json")));
        await using var server = workspace.Start(spec);

        await server.WaitForPipelinesAsync("Finished");

        var pushed = workspace.PushedIndexFiles();
        Assert.That(pushed, Has.Count.EqualTo(1), server.Output);
        var rows = workspace.PushedRows(pushed[0]);
        var events = File.ReadLines(NodeWorkspace.SampleData("wikipedia_index_data.json")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(pushed[0])!, "descriptor.json")), Is.True);
            Assert.That(workspace.PublishedSegments(), Is.EqualTo(new[] { ("wikipedia_2013-08-31T00:00:00.000Z_2013-09-01T00:00:00.000Z_2013-08-31T00:00:00.000Z", true) }));
            Assert.That(rows, Has.Count.EqualTo(events.Count));
            Assert.That(rows.Sum(r => Convert.ToDouble(r.Metrics["added"], CultureInfo.InvariantCulture)), Is.EqualTo(events.Sum(e => e.GetProperty("added").GetDouble())));
            Assert.That(rows.Sum(r => Convert.ToDouble(r.Metrics["delta"], CultureInfo.InvariantCulture)), Is.EqualTo(events.Sum(e => e.GetProperty("delta").GetDouble())));
            Assert.That(rows.Select(r => (string?)r.Dimensions["page"]).Order(), Is.EqualTo(events.Select(e => e.GetProperty("page").GetString()).Order()));
        });
    }

    [Test]
    public async Task ARestartedNodeServesHandedOffSegmentsFromTheMetadataStore()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("wikipedia.json", WikipediaSpec(NodeWorkspace.SampleData("wikipedia_index_data.json")));
        await using (var first = workspace.Start(spec))
        {
            await first.WaitForPipelinesAsync("Finished");
            await first.TerminateAsync();
        }

        Directory.Delete(workspace.PathOf("data/segment-cache"), recursive: true);
        var idle = IdleSpec(workspace);
        await using var second = workspace.Start(idle);
        await second.WaitForPipelinesAsync("Finished");

        Assert.Multiple(() =>
        {
            Assert.That(second.Output, Does.Contain("Serving 1 handed-off segments of wikipedia"));
            Assert.That(Directory.GetFiles(workspace.PathOf("data/segment-cache"), "*", SearchOption.AllDirectories), Is.Not.Empty,
                "the segment was pulled from deep storage into the segment cache");
        });
    }

    [Test]
    public async Task TheRollupTutorialRollsNineEventsUpToFiveRows()
    {
        using var workspace = new NodeWorkspace();
        var data = NodeWorkspace.SampleData("rollup-data.json");
        var spec = workspace.Write("rollup.json", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "specs", "rollup-local.json"))
            .Replace("\"baseDir\": \"samples/data\"", $"\"baseDir\": {JsonSerializer.Serialize(Path.GetDirectoryName(data))}"));
        await using var server = workspace.Start(spec);

        await server.WaitForPipelinesAsync("Finished");

        var rows = workspace.PushedIndexFiles().SelectMany(workspace.PushedRows).ToList();
        var expected = File.ReadLines(data).Select(l => JsonDocument.Parse(l).RootElement)
            .GroupBy(e => (Minute: DateTimes.ParseIso(e.GetProperty("timestamp").GetString()!) / 60_000, Src: e.GetProperty("srcIP").GetString(), Dst: e.GetProperty("dstIP").GetString()))
            .Select(g => (g.Key.Minute * 60_000, g.Key.Src, g.Key.Dst, (long)g.Count(), g.Sum(e => e.GetProperty("packets").GetInt64()), g.Sum(e => e.GetProperty("bytes").GetInt64())))
            .OrderBy(r => r.Item1).ToList();
        var actual = rows.Select(r => (r.Timestamp, (string?)r.Dimensions["srcIP"], (string?)r.Dimensions["dstIP"], (long)r.Metrics["count"]!, (long)r.Metrics["packets"]!, (long)r.Metrics["bytes"]!))
            .OrderBy(r => r.Timestamp).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(actual, Has.Count.EqualTo(5));
            Assert.That(actual, Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task AKilledNodeRecoversPersistedRowsAndResumesWithoutLossOrDuplicates()
    {
        using var workspace = new NodeWorkspace();
        var committed = workspace.PathOf("committed.txt");
        var holdOpen = workspace.Write("hold-open.json", CounterSpec(count: 7, holdOpen: true, committed));
        var finish = workspace.Write("finish.json", CounterSpec(count: 7, holdOpen: false, committed));

        await using (var first = workspace.Start(holdOpen))
        {
            await first.WaitForStatusAsync(_ => File.Exists(committed) && int.Parse(File.ReadAllText(committed), CultureInfo.InvariantCulture) >= 6, "two intermediate persists to commit");
            await first.KillAsync();
        }

        Assert.That(workspace.PushedIndexFiles(), Is.Empty, "nothing was pushed before the crash");
        await using var second = workspace.Start(finish);
        await second.WaitForPipelinesAsync("Finished");

        var pushed = workspace.PushedIndexFiles();
        var values = pushed.SelectMany(workspace.PushedRows).Select(r => (long)r.Metrics["value"]!).Order().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(values, Is.EqualTo(Enumerable.Range(0, 7).Select(i => (long)i)), second.Output);
            Assert.That(pushed, Has.Count.EqualTo(1));
            Assert.That(workspace.PublishedSegments(), Has.Count.EqualTo(1));
            Assert.That(second.Output, Does.Contain("resuming from commit metadata"));
        });
    }

    [Test]
    public async Task SigtermPersistsRowsInMemoryAndCommitsThemForTheNextStart()
    {
        using var workspace = new NodeWorkspace();
        var committed = workspace.PathOf("committed.txt");
        var holdOpen = workspace.Write("hold-open.json", CounterSpec(count: 5, holdOpen: true, committed, maxRowsInMemory: 1000));
        var finish = workspace.Write("finish.json", CounterSpec(count: 5, holdOpen: false, committed, maxRowsInMemory: 1000));

        await using (var first = workspace.Start(holdOpen))
        {
            await first.WaitForStatusAsync(s => s.GetProperty("pipelines")[0].GetProperty("state").GetString() == "Running", "the pipeline to run");
            await WaitForProcessedAsync(first, 5);
            await first.TerminateAsync();
            Assert.That(first.ExitCode, Is.Zero, first.Output);
        }

        Assert.That(File.ReadAllText(committed), Is.EqualTo("5"), "the shutdown persist committed every row read");
        await using var second = workspace.Start(finish);
        await second.WaitForPipelinesAsync("Finished");

        var values = workspace.PushedIndexFiles().SelectMany(workspace.PushedRows).Select(r => (long)r.Metrics["value"]!).Order();
        Assert.That(values, Is.EqualTo(Enumerable.Range(0, 5).Select(i => (long)i)));
    }

    [Test]
    public async Task BadRowsAreCountedAndSkippedWhileEveryGoodRowIsKept()
    {
        using var workspace = new NodeWorkspace();
        var data = workspace.Write("input/events.json", string.Join('\n',
            """{"timestamp":"2013-08-31T01:00:00Z","page":"good-1","added":1}""",
            """{"timestamp":"2013-08-31T01:00:01Z","page":"broken","added":""",
            """{"page":"no-time","added":5}""",
            """{"timestamp":"2013-08-31T01:00:02Z","page":"good-2","added":2}""",
            """{"timestamp":"2013-08-31T01:00:03Z","page":"partial","added":"many"}""",
            """{"timestamp":"2013-08-31T01:00:04Z","page":"good-3","added":3}"""));
        var spec = workspace.Write("spec.json", PagesSpec(Path.GetDirectoryName(data)!));
        await using var server = workspace.Start(spec);

        await server.WaitForPipelinesAsync("Finished");

        var metrics = await server.MetricsAsync();
        var rows = workspace.PushedIndexFiles().SelectMany(workspace.PushedRows).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ServerProcess.Counter(metrics, "realtime_ingest_events_unparseable_total"), Is.EqualTo(3), metrics);
            Assert.That(ServerProcess.Counter(metrics, "realtime_ingest_events_processed_total"), Is.EqualTo(4), metrics);
            Assert.That(rows.Select(r => (string?)r.Dimensions["page"]).Order(), Is.EqualTo(new[] { "good-1", "good-2", "good-3", "partial" }));
            Assert.That(rows.Sum(r => (long)r.Metrics["added"]!), Is.EqualTo(6));
            Assert.That(server.Output, Does.Contain("events.json:2").And.Contain("'timestamp'"));
        });
    }

    [Test]
    public async Task WithReportParseExceptionsABadRowHaltsThePipelineButNotTheNode()
    {
        using var workspace = new NodeWorkspace();
        var data = workspace.Write("input/events.json", string.Join('\n',
            """{"timestamp":"2013-08-31T01:00:00Z","page":"good-1","added":1}""",
            """{"timestamp":"2013-08-31T01:00:01Z","page":"broken","added":"""));
        var spec = workspace.Write("spec.json", PagesSpec(Path.GetDirectoryName(data)!, reportParseExceptions: true));
        await using var server = workspace.Start(spec);

        var status = await server.WaitForPipelinesAsync("Failed");

        Assert.Multiple(async () =>
        {
            Assert.That(status.GetProperty("pipelines")[0].GetProperty("error").GetString(), Does.Contain("events.json:2").And.Contain("broken"));
            Assert.That(await server.Http.GetStringAsync("/status/health"), Is.EqualTo("true"));
            Assert.That(Directory.GetDirectories(workspace.PathOf("data/persist/pages"), "0", SearchOption.AllDirectories), Has.Length.EqualTo(1),
                "the row accepted before the bad one was persisted");
        });
    }

    [Test]
    public async Task AnUnknownFirehoseTypeStopsStartUpNamingThePathAndTheKnownTypes()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("spec.json", PagesSpec(workspace.Directory).Replace("\"type\": \"local\"", "\"type\": \"kafka-0.9\""));
        await using var server = workspace.Start(spec);

        var exitCode = await server.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(server.Output, Does.Contain("$[0].ioConfig.firehose").And.Contain("Unknown firehose type 'kafka-0.9'")
                .And.Contain("local").And.Contain("test-counter"));
        });
    }

    [Test]
    public async Task APluginMissingFromTheLoadListStopsStartUpNamingThePath()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("spec.json", PagesSpec(workspace.Directory));
        await using var server = workspace.Start(spec, "--Realtime:Plugins:LoadList:0", "Realtime.TestPlugins.Missing");

        var exitCode = await server.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(server.Output, Does.Contain("Realtime.TestPlugins.Missing").And.Contain(NodeWorkspace.Plugins));
        });
    }

    [Test]
    public async Task AnUnreachablePostgreSqlMetadataStoreStopsStartUpNamingTheServer()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("spec.json", PagesSpec(workspace.Directory));
        var port = LoopbackPorts.Free();
        await using var server = workspace.Start(spec,
            "--Realtime:Metadata:Type", "postgresql",
            "--Realtime:Metadata:ConnectionString", $"Host=127.0.0.1;Port={port};Database=druid;Username=druid;Password=diurd");

        var exitCode = await server.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1), server.Output);
            Assert.That(server.Output, Does.Contain($"Realtime could not start: Cannot use the PostgreSQL metadata store at 127.0.0.1:{port}, database 'druid', user 'druid': connection refused"));
        });
    }

    [Test]
    public async Task StatusListsTheLoadedPluginAndItsTypeNames()
    {
        using var workspace = new NodeWorkspace();
        var spec = workspace.Write("spec.json", CounterSpec(count: 1, holdOpen: false, workspace.PathOf("committed.txt")));
        await using var server = workspace.Start(spec);

        var status = await server.WaitForPipelinesAsync("Finished");

        var module = status.GetProperty("modules").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(module.GetProperty("name").GetString(), Is.EqualTo("Realtime.TestPlugins.Counter"));
            Assert.That(module.GetProperty("types").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "test-counter" }));
        });
    }

    private static async Task WaitForProcessedAsync(ServerProcess server, int count)
    {
        await server.WaitForStatusAsync(_ => ServerProcess.Counter(server.MetricsAsync().GetAwaiter().GetResult(), "realtime_ingest_events_processed_total") >= count, $"{count} processed events");
    }

    /// <summary>The sample spec over an empty folder, written to the workspace: a pipeline that ingests nothing and finishes.</summary>
    internal static string IdleSpec(NodeWorkspace workspace)
    {
        Directory.CreateDirectory(workspace.PathOf("no-input"));
        return workspace.Write("idle.json", WikipediaSpec(workspace.PathOf("no-input/none.json")).Replace("wikipedia_index_data.json", "none.json"));
    }

    internal static string WikipediaSpec(string dataFile) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "specs", "wikipedia-local.json"))
        .Replace("\"baseDir\": \"samples/data\"", $"\"baseDir\": {JsonSerializer.Serialize(Path.GetDirectoryName(dataFile))}");

    private static string PagesSpec(string baseDir, bool reportParseExceptions = false) => $$"""
        [{
          "dataSchema": {
            "dataSource": "pages",
            "parser": { "type": "string", "parseSpec": { "format": "json", "dimensionsSpec": { "dimensions": ["page"] } } },
            "metricsSpec": [ { "type": "longSum", "name": "added", "fieldName": "added" } ],
            "granularitySpec": { "segmentGranularity": "day" }
          },
          "ioConfig": { "type": "realtime", "firehose": { "type": "local", "baseDir": {{JsonSerializer.Serialize(baseDir)}}, "filter": "*.json" } },
          "tuningConfig": { "type": "realtime", "basePersistDirectory": "data/persist", "rejectionPolicy": { "type": "none" },
            "reportParseExceptions": {{(reportParseExceptions ? "true" : "false")}} }
        }]
        """;

    internal static string CounterSpec(int count, bool holdOpen, string committedFile, int maxRowsInMemory = 2) => $$"""
        [{
          "dataSchema": {
            "dataSource": "counter",
            "parser": { "type": "string", "parseSpec": { "format": "json", "dimensionsSpec": { "dimensions": ["row"] } } },
            "metricsSpec": [ { "type": "longSum", "name": "value", "fieldName": "value" } ],
            "granularitySpec": { "segmentGranularity": "hour" }
          },
          "ioConfig": { "type": "realtime", "firehose": { "type": "test-counter", "count": {{count}}, "holdOpen": {{(holdOpen ? "true" : "false")}},
            "committedFile": {{JsonSerializer.Serialize(committedFile)}} } },
          "tuningConfig": { "type": "realtime", "maxRowsInMemory": {{maxRowsInMemory}}, "basePersistDirectory": "data/persist",
            "rejectionPolicy": { "type": "none" } }
        }]
        """;
}
