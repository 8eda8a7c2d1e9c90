using System.Globalization;
using Realtime.Core.Query;

namespace Realtime.Core.Tests.Query.Differential;

/// <summary>
/// Random queries of every type, with random filters, granularities and intervals, over random events spread across
/// handed-off segments, persisted hydrants and in-memory indexes (read by one node, or spread over data nodes behind a
/// broker), compared with a naive evaluation of the same events.
/// Seeded and reproducible: a failure names its seed; set <c>REALTIME_QUERY_SEED</c> to run another seed as well.
/// </summary>
public class DifferentialQueryTests
{
    private const int EventCount = 400;
    private const int QueriesPerSeed = 120;

    public static IEnumerable<TestCaseData> Seeds()
    {
        int[] seeds = [20131103, 7, 424242];
        if (int.TryParse(Environment.GetEnvironmentVariable("REALTIME_QUERY_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var extra))
        {
            seeds = [.. seeds, extra];
        }

        foreach (var layout in new[] { Layout.Mixed, Layout.Brokered })
        {
            foreach (var seed in seeds)
            {
                yield return new TestCaseData(seed, layout);
            }
        }
    }

    [TestCaseSource(nameof(Seeds))]
    public async Task RandomQueriesAgreeWithANaiveReference(int seed, Layout layout)
    {
        var random = new Random(seed);
        var (events, rows) = ReferenceData.Generate(random, EventCount);
        await using var cluster = await QueryCluster.StartAsync(ReferenceData.Schema, events, layout, "day", maxRowsInMemory: 25);
        var census = cluster.Census();
        Assert.That(census.Served == 2 && census.Persisted > 1 && census.InMemory > 0, Is.True,
            $"seed {seed}: the rows span two handed-off days, persisted hydrants and in-memory indexes; found {census}");

        var generator = new QueryGenerator(rows, random);
        var failures = new List<string>();
        for (var i = 0; i < QueriesPerSeed; i++)
        {
            var query = generator.Next(i);
            string? difference;
            try
            {
                difference = query.Verify(await cluster.RunAsync(query.Json));
            }
            catch (QueryException e)
            {
                difference = $"failed with {e.GetType().Name}: {e.Message}";
            }

            if (difference is not null)
            {
                failures.Add($"query {i} ({query.Type}): {difference}\n{query.Json}");
            }
        }

        Assert.That(failures, Is.Empty,
            $"seed {seed}: {failures.Count} of {QueriesPerSeed} queries differ from the reference; the first ones:\n{string.Join("\n\n", failures.Take(5))}");
    }
}
