using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Index;
using Realtime.Core.Time;

namespace Realtime.Benchmarks;

/// <summary>
/// Already-parsed rows shaped like Druid's wikipedia example: 12 string dimensions (one of them a list of
/// 0–3 tags), 4 numeric metrics, moderate cardinalities, one event per millisecond.
/// </summary>
internal static class WikipediaRows
{
    public static readonly Interval Hour = Interval.Parse("2024-01-01T00:00:00Z/2024-01-01T01:00:00Z");

    private static readonly (string Name, int Cardinality)[] SingleDimensions =
    [
        ("page", 20_000), ("language", 20), ("user", 5_000), ("unpatrolled", 2), ("robot", 2), ("anonymous", 2),
        ("namespace", 10), ("continent", 7), ("country", 60), ("region", 300), ("city", 2_000),
    ];

    public static IndexSchema Schema(bool rollup = true) => new(
        [.. SingleDimensions.Select(d => new ColumnSchema(d.Name, ColumnType.String)), new ColumnSchema("tags", ColumnType.String)],
        [
            new CountAggregatorFactory { Name = "count" },
            new LongSumAggregatorFactory { Name = "added", FieldName = "added" },
            new LongSumAggregatorFactory { Name = "deleted", FieldName = "deleted" },
            new DoubleSumAggregatorFactory { Name = "delta", FieldName = "delta" },
        ],
        Granularity.FromName("minute"),
        rollup);

    /// <summary>Generates <paramref name="count"/> rows deterministically.</summary>
    public static InputRow[] Generate(int count, int seed = 7)
    {
        var random = new Random(seed);
        var pools = SingleDimensions.Select(d => Enumerable.Range(0, d.Cardinality).Select(i => $"{d.Name}-{i}").ToArray()).ToArray();
        var tags = Enumerable.Range(0, 30).Select(i => $"tag-{i}").ToArray();
        var dimensionNames = SingleDimensions.Select(d => d.Name).Append("tags").ToArray();
        var rows = new InputRow[count];
        for (var i = 0; i < count; i++)
        {
            var fields = new Dictionary<string, object?>(16);
            for (var d = 0; d < pools.Length; d++)
            {
                // Skewed choice: low ids are far more frequent, as page and user popularity are.
                var pool = pools[d];
                fields[dimensionNames[d]] = pool[(int)(pool.Length * Math.Pow(random.NextDouble(), 3))];
            }

            var tagCount = random.Next(4);
            fields["tags"] = tagCount == 0 ? null : Enumerable.Range(0, tagCount).Select(_ => (string?)tags[random.Next(tags.Length)]).ToList();
            fields["added"] = (long)random.Next(1000);
            fields["deleted"] = (long)random.Next(100);
            fields["delta"] = random.Next(-500, 500) * 0.5;
            rows[i] = new MapInputRow(Hour.StartMillis + i % 3_600_000, dimensionNames, fields);
        }

        return rows;
    }

    /// <summary>An in-memory index holding <paramref name="rows"/>.</summary>
    public static Realtime.Abstractions.Index.IIncrementalIndex Index(IndexFactory factory, IEnumerable<InputRow> rows)
    {
        var index = factory.CreateIncremental(Hour);
        foreach (var row in rows)
        {
            index.Add(row);
        }

        return index;
    }
}
