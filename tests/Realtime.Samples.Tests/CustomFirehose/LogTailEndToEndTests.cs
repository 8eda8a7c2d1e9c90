using System.Globalization;

namespace Realtime.Samples.Tests.CustomFirehose;

/// <summary>The log-tail plugin loaded by a real node from its plugins folder, running the sample spec.</summary>
[NonParallelizable]
public class LogTailEndToEndTests
{
    private static readonly DateTimeOffset Ten = new(2015, 9, 12, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task AKilledNodeResumesAtTheCommittedOffsetSoEveryLineCountsOnceIncludingLinesWrittenWhileItWasDown()
    {
        using var workspace = new NodeWorkspace();
        var before = Lines(count: 30, first: Ten);
        var whileDown = Lines(count: 6, first: Ten.AddHours(2.5));
        var log = workspace.Write("data/access.log", string.Concat(before.Select(l => l + "\n")));
        var spec = AccessLogLine.SampleSpec("access-log-tail.json")
            .Replace("\"intermediatePersistPeriod\": \"PT10S\",", "\"maxRowsInMemory\": 3, \"intermediatePersistPeriod\": \"PT10S\",", StringComparison.Ordinal);
        var tailing = workspace.Write("tail.json", spec);
        var toTheEnd = workspace.Write("to-the-end.json", spec.Replace("\"positionFile\"", "\"follow\": false, \"positionFile\"", StringComparison.Ordinal));
        const string requests = """
            {"queryType":"timeseries","dataSource":"access-log","intervals":["2015-09-12/2015-09-13"],"granularity":"all",
             "aggregations":[{"type":"longSum","name":"requests","fieldName":"requests"}]}
            """;

        long committedOffset;
        await using (var first = workspace.Start(tailing))
        {
            long QueriedRequests()
            {
                var result = first.QueryAsync(requests).GetAwaiter().GetResult();
                return result.GetArrayLength() == 0 ? 0 : result[0].GetProperty("result").GetProperty("requests").GetInt64();
            }

            var status = await first.WaitForPipelinesAsync("Running");
            await first.WaitForStatusAsync(_ => File.Exists(workspace.PathOf("data/access.log.position")) && QueriedRequests() == before.Count,
                "every line queryable and a commit");
            committedOffset = long.Parse(File.ReadAllText(workspace.PathOf("data/access.log.position")), CultureInfo.InvariantCulture);
            await first.KillAsync();
            Assert.That(status.GetProperty("modules").EnumerateArray().Select(m => (m.GetProperty("name").GetString(), m.GetProperty("types")[0].GetString())),
                Does.Contain(("CustomFirehose", "log-tail")));
        }

        await File.AppendAllLinesAsync(log, whileDown.Select(l => l.ToString()));
        await using var second = workspace.Start(toTheEnd);
        await second.WaitForPipelinesAsync("Finished");

        var pushed = workspace.PushedIndexFiles().SelectMany(workspace.PushedRows)
            .GroupBy(r => (Hour: r.Timestamp / 3_600_000, Path: (string?)r.Dimensions["path"], Status: (string?)r.Dimensions["status"]))
            .Select(g => (g.Key.Hour, g.Key.Path, g.Key.Status, Requests: g.Sum(r => (long)r.Metrics["requests"]!), Bytes: g.Sum(r => (long)r.Metrics["bytes"]!)))
            .Order();
        var expected = before.Concat(whileDown)
            .GroupBy(l => (Hour: l.Time.ToUnixTimeMilliseconds() / 3_600_000, l.Path, Status: l.Status.ToString(CultureInfo.InvariantCulture)))
            .Select(g => (g.Key.Hour, (string?)g.Key.Path, (string?)g.Key.Status, Requests: (long)g.Count(), Bytes: g.Sum(l => l.Bytes)))
            .Order();
        Assert.Multiple(() =>
        {
            Assert.That(committedOffset, Is.GreaterThan(0));
            Assert.That(second.Output, Does.Contain("from committed offset"));
            Assert.That(pushed, Is.EqualTo(expected), second.Output);
        });
    }

    private static List<AccessLogLine> Lines(int count, DateTimeOffset first)
    {
        string[] paths = ["/index.html", "/cart", "/products/42"];
        return [.. Enumerable.Range(0, count).Select(i => new AccessLogLine(first.AddMinutes(7 * i), "GET", paths[i % paths.Length], i % 5 == 0 ? 404 : 200, 100 + i))];
    }
}
