using Realtime.Core.Aggregation;
using Realtime.Core.Index;
using static Realtime.Core.Tests.Index.IndexTestData;
using Realtime.Core.Time;

namespace Realtime.Core.Tests.Index;

public class IncrementalIndexConcurrencyTests
{
    private const long K = 3;

    [Test]
    public void Readers_NeverSeeAHalfAddedRowOrAHalfAppliedRollup()
    {
        var schema = Schema([Str("key"), Str("tags")], Granularity.FromName("minute"), true,
            new CountAggregatorFactory { Name = "count" },
            new LongSumAggregatorFactory { Name = "sum", FieldName = "v" },
            new DoubleSumAggregatorFactory { Name = "dsum", FieldName = "v" });
        using var index = new IndexFactory(schema).CreateIncremental(Day);
        const int rows = 100_000;
        var written = 0L;
        var started = 0L;
        var writerDone = false;
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < rows; i++)
            {
                var tags = i % 5 == 0 ? new List<string?> { $"t{i % 13}", $"t{i % 7}" } : null;
                Volatile.Write(ref started, i + 1);
                index.Add(Row(Day.StartMillis + (i % 3) * 60_000, ("key", $"k{i % 2000}"), ("tags", tags), ("v", K)));
                Volatile.Write(ref written, i + 1);
            }

            Volatile.Write(ref writerDone, true);
        });

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var violations = new List<string>();
            var reads = 0;
            var lastCount = 0;
            bool done;
            do
            {
                done = Volatile.Read(ref writerDone);
                using var lease = index.LockForRead();
                var before = Volatile.Read(ref written);
                var n = index.RowCount;
                var counts = new long[n];
                var sums = new long[n];
                var doubles = new double[n];
                index.GetMetric("count")!.ReadLongs(0, counts);
                index.GetMetric("sum")!.ReadLongs(0, sums);
                index.GetMetric("dsum")!.ReadDoubles(0, doubles);
                var keys = index.GetDimension("key")!;
                var ids = new int[n];
                keys.ReadIds(0, ids);
                var tags = index.GetDimension("tags")!;
                for (var row = 0; row < n; row++)
                {
                    if (sums[row] != K * counts[row] || doubles[row] != K * counts[row] || counts[row] < 1)
                    {
                        violations.Add($"row {row}: count {counts[row]}, sum {sums[row]}, dsum {doubles[row]}");
                    }

                    if (keys.GetValue(ids[row]) is null || tags.GetRowIds(row).Length == 0)
                    {
                        violations.Add($"row {row}: missing dimension value");
                    }
                }

                var total = counts.Sum();
                // An add may have finished without the writer having recorded it yet, but none may show before it starts.
                if (n < lastCount || total > Volatile.Read(ref started) || total < before)
                {
                    violations.Add($"{n} rows holding {total} events after {before} adds");
                }

                lastCount = n;
                reads++;
                lease.Dispose();

                // Queries come and go; a reader that never pauses would serialise the writer behind full scans.
                Thread.Sleep(1);
            }
            while (!done);

            return (violations, reads);
        })).ToArray();

        writer.GetAwaiter().GetResult();
        var results = readers.Select(r => r.GetAwaiter().GetResult()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(results.SelectMany(r => r.violations).Take(10), Is.Empty);
            Assert.That(results.Select(r => r.reads), Has.All.GreaterThan(0));
            Assert.That(IndexRows.Read(index).Sum(r => (long)r.Metrics["count"]!), Is.EqualTo(rows));
        });
    }

    [Test]
    public void ReadLease_MayBeReleasedOnAnotherThread()
    {
        var schema = Schema([Str("key")], Granularity.FromName("minute"), true, new CountAggregatorFactory { Name = "count" });
        using var index = new IndexFactory(schema).CreateIncremental(Day);
        var lease = index.LockForRead();
        Task.Run(lease.Dispose).GetAwaiter().GetResult();
        lease.Dispose();
        var add = Task.Run(() => index.Add(Row(Day.StartMillis, ("key", "a"))));
        Assert.That(add.Wait(TimeSpan.FromMinutes(1)), Is.True, "the writer got the lock after the lease was released");
    }
}
