using System.Globalization;

namespace Realtime.Samples.Tests.CustomPlumber;

/// <summary>The csv plumber and the log-tail firehose loaded by a real node, running the sample spec as it ships.</summary>
[NonParallelizable]
public class CsvPlumberEndToEndTests
{
    [Test]
    public async Task TheSampleSpecWritesOneFilePerHourHoldingTheRolledUpRequestsOfTheSampleLog()
    {
        using var workspace = new NodeWorkspace();
        var lines = File.ReadAllLines(NodeWorkspace.SampleData("access.log"));
        workspace.Write("samples/data/access.log", string.Join('\n', lines) + "\n");
        var spec = workspace.Write("access-log-csv.json", AccessLogLine.SampleSpec("access-log-csv.json"));
        await using var server = workspace.Start(spec);

        await server.WaitForPipelinesAsync("Finished");

        var files = Directory.GetFiles(workspace.PathOf("data/csv/access-log"), "*.csv").Order(StringComparer.Ordinal).ToList();
        var written = files.SelectMany(File.ReadAllLines).Where(l => !l.StartsWith("timestamp,", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var expected = lines.Select(AccessLogLine.Parse)
            .GroupBy(l => (Hour: l.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH':00:00.000Z'", CultureInfo.InvariantCulture), l.Path, l.Status))
            .Select(g => $"{g.Key.Hour},{g.Key.Path},{g.Key.Status},{g.Count()},{g.Sum(l => l.Bytes)}")
            .Order(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(files.Select(Path.GetFileName), Is.EqualTo(new[]
            {
                "2015-09-12T10:00:00.000Z_2015-09-12T11:00:00.000Z.csv",
                "2015-09-12T11:00:00.000Z_2015-09-12T12:00:00.000Z.csv",
                "2015-09-12T12:00:00.000Z_2015-09-12T13:00:00.000Z.csv",
                "2015-09-12T13:00:00.000Z_2015-09-12T14:00:00.000Z.csv",
            }));
            Assert.That(files.Select(f => File.ReadLines(f).First()), Is.All.EqualTo("timestamp,path,status,requests,bytes"));
            Assert.That(written, Is.EqualTo(expected), server.Output);
            Assert.That(Directory.GetDirectories(workspace.PathOf("data/csv-persist/access-log")), Is.Empty, "written segments leave no persisted pieces");
        });
    }
}
