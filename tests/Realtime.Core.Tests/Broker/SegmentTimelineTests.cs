using System.Text.Json;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;
using Realtime.Core.Broker;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Tests.Broker;

public sealed class SegmentTimelineTests
{
    private const string A = "10.0.0.1:8083";
    private const string B = "10.0.0.2:8083";

    [TestCase("2024-01-01T06:00Z/2024-01-01T12:00Z", "2024-01-01T06:00Z/2024-01-01T12:00Z")]
    [TestCase("2023-12-31/2024-01-03", "2024-01-01/2024-01-02")]
    [TestCase("2024-01-01T20:00Z/2024-01-05", "2024-01-01T20:00Z/2024-01-02")]
    public void ASegmentIsReadOverThePartOfItsIntervalTheQueryCovers(string query, string read)
    {
        var timeline = new SegmentTimeline();
        var segment = Segment("2024-01-01/2024-01-02", "v1");
        timeline.Add(segment, A);

        var lookup = timeline.Lookup([I(query)]);

        Assert.That(lookup.Segments, Has.Count.EqualTo(1));
        Assert.That(lookup.Segments[0].Segment, Is.SameAs(segment));
        Assert.That(lookup.Segments[0].Descriptor, Is.EqualTo(D(read, "v1", 0)));
        Assert.That(lookup.Segments[0].Servers, Is.EqualTo(new[] { A }));
        Assert.That(lookup.Missing, Is.Empty);
    }

    [Test]
    public void SegmentsOutsideTheQueryAreNotRead()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), A);
        timeline.Add(Segment("2024-01-03/2024-01-04", "v1"), A);

        var lookup = timeline.Lookup([I("2024-01-02/2024-01-03")]);

        Assert.That(lookup.Segments, Is.Empty);
        Assert.That(lookup.Missing, Is.Empty);
    }

    [Test]
    public void ANewerVersionOfTheSameIntervalHidesTheOlderOne()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "2024-02-01T00:00:00.000Z"), A);
        timeline.Add(Segment("2024-01-01/2024-01-02", "2024-03-01T00:00:00.000Z"), B);

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-02")]);

        Assert.That(Read(lookup), Is.EqualTo(new[] { (D("2024-01-01/2024-01-02", "2024-03-01T00:00:00.000Z", 0), B) }));
    }

    [Test]
    public void AnOlderSegmentIsReadOnlyOverThePiecesNewerVersionsLeaveUncovered()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-05", "v1"), A);
        timeline.Add(Segment("2024-01-02/2024-01-03", "v2"), B);
        timeline.Add(Segment("2024-01-04/2024-01-06", "v3"), B);

        var lookup = timeline.Lookup([I("2024-01-01T12:00Z/2024-01-05T12:00Z")]);

        Assert.That(lookup.Segments.Select(s => s.Descriptor), Is.EqualTo(new[]
        {
            D("2024-01-01T12:00Z/2024-01-02", "v1", 0),
            D("2024-01-02/2024-01-03", "v2", 0),
            D("2024-01-03/2024-01-04", "v1", 0),
            D("2024-01-04/2024-01-05T12:00Z", "v3", 0),
        }));
        Assert.That(lookup.Segments.Select(s => s.Segment.Interval), Is.EqualTo(new[]
        {
            "2024-01-01/2024-01-05", "2024-01-02/2024-01-03", "2024-01-01/2024-01-05", "2024-01-04/2024-01-06",
        }));
    }

    [Test]
    public void AnOlderVersionCoveringANewerOneReadsOnlyWhereTheNewerDoesNotReach()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01T00:00Z/2024-01-01T01:00Z", "v2"), A);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), B);

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-02")]);

        Assert.That(Read(lookup), Is.EqualTo(new[]
        {
            (D("2024-01-01T00:00Z/2024-01-01T01:00Z", "v2", 0), A),
            (D("2024-01-01T01:00Z/2024-01-02", "v1", 0), B),
        }));
    }

    [Test]
    public void LinearPartitionsAreCompleteWithGaps()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), A);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v2", 0, Linear(0)), B);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v2", 2, Linear(2)), B);

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-02")]);

        Assert.That(lookup.Segments.Select(s => s.Descriptor), Is.EqualTo(new[]
        {
            D("2024-01-01/2024-01-02", "v2", 0),
            D("2024-01-01/2024-01-02", "v2", 2),
        }));
        Assert.That(lookup.Missing, Is.Empty);
    }

    [Test]
    public void AllCorePartitionsOfANumberedSetMakeItCompleteAndHideOlderVersions()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), A);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v2", 1, Numbered(1, 2)), B);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v2", 0, Numbered(0, 2)), A);

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-02")]);

        Assert.That(Read(lookup), Is.EqualTo(new[]
        {
            (D("2024-01-01/2024-01-02", "v2", 0), A),
            (D("2024-01-01/2024-01-02", "v2", 1), B),
        }));
        Assert.That(lookup.Missing, Is.Empty);
    }

    [Test]
    public void PartitionsAppendedBeyondTheCoreCountAreReadToo()
    {
        var timeline = new SegmentTimeline();
        foreach (var partition in new[] { 0, 1, 2, 3 })
        {
            timeline.Add(Segment("2024-01-01/2024-01-02", "v1", partition, Numbered(partition, 2)), A);
        }

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-02")]);

        Assert.That(lookup.Segments.Select(s => s.Descriptor.Partition), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(lookup.Missing, Is.Empty);
    }

    [Test]
    public void AnIncompleteSetAloneIsReadAndItsAbsentPartitionsAreMissing()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1", 1, Numbered(1, 2)), A);

        var lookup = timeline.Lookup([I("2024-01-01T06:00Z/2024-01-03")]);

        Assert.That(Read(lookup), Is.EqualTo(new[] { (D("2024-01-01T06:00Z/2024-01-02", "v1", 1), A) }));
        Assert.That(lookup.Missing, Is.EqualTo(new[] { D("2024-01-01T06:00Z/2024-01-02", "v1", 0) }));
    }

    [Test]
    public void AnIncompleteNewerSetDoesNotHideACompleteOlderOne()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1", 0, Numbered(0, 1)), A);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v2", 0, Numbered(0, 2)), B);

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-02")]);

        Assert.That(Read(lookup), Is.EqualTo(new[] { (D("2024-01-01/2024-01-02", "v1", 0), A) }));
        Assert.That(lookup.Missing, Is.Empty);
    }

    [Test]
    public void AnIncompleteSetIsReadWhereNoCompleteSetCovers()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), A);
        timeline.Add(Segment("2024-01-01/2024-01-03", "v2", 1, Numbered(1, 3)), B);

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-03")]);

        Assert.That(Read(lookup), Is.EqualTo(new[]
        {
            (D("2024-01-01/2024-01-02", "v1", 0), A),
            (D("2024-01-02/2024-01-03", "v2", 1), B),
        }));
        Assert.That(lookup.Missing, Is.EqualTo(new[]
        {
            D("2024-01-02/2024-01-03", "v2", 0),
            D("2024-01-02/2024-01-03", "v2", 2),
        }));
    }

    [Test]
    public void WhereOnlyIncompleteSetsCoverTheNewestIsRead()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-03", "v1", 0, Numbered(0, 2)), A);
        timeline.Add(Segment("2024-01-02/2024-01-04", "v2", 1, Numbered(1, 2)), B);

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-04")]);

        Assert.That(Read(lookup), Is.EqualTo(new[]
        {
            (D("2024-01-01/2024-01-02", "v1", 0), A),
            (D("2024-01-02/2024-01-04", "v2", 1), B),
        }));
        Assert.That(lookup.Missing, Is.EqualTo(new[]
        {
            D("2024-01-01/2024-01-02", "v1", 1),
            D("2024-01-02/2024-01-04", "v2", 0),
        }));
    }

    [TestCase("""{"type":"none"}""", new int[0])]
    [TestCase("""{"type":"numbered","partitionNum":0,"partitions":0}""", new int[0])]
    [TestCase("""{"type":"numbered","partitionNum":0}""", new int[0])]
    [TestCase("""{"type":"numbered","partitionNum":0,"partitions":3}""", new[] { 1, 2 })]
    [TestCase("""{"type":"hashed","partitionNum":0,"partitions":2,"partitionDimensions":["page"]}""", new[] { 1 })]
    [TestCase("""{"type":"single","dimension":"page","start":null,"end":"m","partitionNum":0,"numCorePartitions":2}""", new[] { 1 })]
    [TestCase("""{"type":"range","dimensions":["page"],"start":null,"end":null,"partitionNum":0,"numCorePartitions":1}""", new int[0])]
    [TestCase("""{"type":"somethingNew","partitionNum":0,"partitions":5}""", new int[0])]
    public void ShardSpecsNameTheCorePartitions(string shardSpec, int[] missing)
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1", 0, shardSpec), A);

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-02")]);

        Assert.That(lookup.Segments.Select(s => s.Descriptor), Is.EqualTo(new[] { D("2024-01-01/2024-01-02", "v1", 0) }));
        Assert.That(lookup.Missing, Is.EqualTo(missing.Select(p => D("2024-01-01/2024-01-02", "v1", p))));
    }

    [Test]
    public void ASegmentWithoutAShardSpecIsComplete()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), A);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v2"), B);

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-02")]);

        Assert.That(Read(lookup), Is.EqualTo(new[] { (D("2024-01-01/2024-01-02", "v2", 0), B) }));
        Assert.That(lookup.Missing, Is.Empty);
    }

    [Test]
    public void ReplicasAreOneSegmentWithTheirServersInAnnouncementOrder()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), B);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), A);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), B);

        var lookup = timeline.Lookup([I("2024-01-01/2024-01-02")]);

        Assert.That(lookup.Segments, Has.Count.EqualTo(1));
        Assert.That(lookup.Segments[0].Descriptor, Is.EqualTo(D("2024-01-01/2024-01-02", "v1", 0)));
        Assert.That(lookup.Segments[0].Servers, Is.EqualTo(new[] { B, A }));
    }

    [Test]
    public void ASegmentStaysUntilItsLastHolderIsRemoved()
    {
        var timeline = new SegmentTimeline();
        var older = Segment("2024-01-01/2024-01-02", "v1");
        var newer = Segment("2024-01-01/2024-01-02", "v2");
        timeline.Add(older, A);
        timeline.Add(newer, A);
        timeline.Add(newer, B);

        Assert.That(timeline.Remove(newer.Id, A), Is.True);
        Assert.That(Read(timeline.Lookup([I("2024-01-01/2024-01-02")])), Is.EqualTo(new[] { (D("2024-01-01/2024-01-02", "v2", 0), B) }));

        Assert.That(timeline.Remove(newer.Id, A), Is.False);
        Assert.That(timeline.Remove(newer.Id, B), Is.True);
        Assert.That(Read(timeline.Lookup([I("2024-01-01/2024-01-02")])), Is.EqualTo(new[] { (D("2024-01-01/2024-01-02", "v1", 0), A) }));
        Assert.That(timeline.All.Select(s => s.Segment), Is.EqualTo(new[] { older }));

        Assert.That(timeline.Remove(newer.Id, B), Is.False);
        Assert.That(timeline.Remove(older.Id, A), Is.True);
        Assert.That(timeline.All, Is.Empty);
        Assert.That(timeline.Lookup([I("2024-01-01/2024-01-02")]).Segments, Is.Empty);
    }

    [Test]
    public void RemovingAPartitionMakesItsSetIncomplete()
    {
        var timeline = new SegmentTimeline();
        var first = Segment("2024-01-01/2024-01-02", "v2", 0, Numbered(0, 2));
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), A);
        timeline.Add(first, B);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v2", 1, Numbered(1, 2)), B);

        timeline.Remove(first.Id, B);
        var lookup = timeline.Lookup([I("2024-01-01/2024-01-02")]);

        Assert.That(Read(lookup), Is.EqualTo(new[] { (D("2024-01-01/2024-01-02", "v1", 0), A) }));
        Assert.That(lookup.Missing, Is.Empty);
    }

    [Test]
    public void EachDisjointQueryIntervalReadsItsOwnPiece()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-05", "v1"), A);
        timeline.Add(Segment("2024-01-03/2024-01-04", "v2"), B);

        var lookup = timeline.Lookup([I("2024-01-01T00:00Z/2024-01-01T06:00Z"), I("2024-01-02T12:00Z/2024-01-04T12:00Z"), I("2024-01-06/2024-01-07")]);

        Assert.That(Read(lookup), Is.EqualTo(new[]
        {
            (D("2024-01-01T00:00Z/2024-01-01T06:00Z", "v1", 0), A),
            (D("2024-01-02T12:00Z/2024-01-03", "v1", 0), A),
            (D("2024-01-03/2024-01-04", "v2", 0), B),
            (D("2024-01-04/2024-01-04T12:00Z", "v1", 0), A),
        }));
    }

    [Test]
    public void OverlappingQueryIntervalsAreReadOnce()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), A);

        var lookup = timeline.Lookup([I("2024-01-01T12:00Z/2024-01-02"), I("2024-01-01T00:00Z/2024-01-01T18:00Z")]);

        Assert.That(lookup.Segments.Select(s => s.Descriptor), Is.EqualTo(new[] { D("2024-01-01/2024-01-02", "v1", 0) }));
    }

    [Test]
    public void AllListsEverySegmentWithoutOvershadowing()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-02/2024-01-03", "v1"), A);
        timeline.Add(Segment("2024-01-01/2024-01-03", "v2", 1, Numbered(1, 2)), B);
        timeline.Add(Segment("2024-01-01/2024-01-03", "v2", 0, Numbered(0, 2)), A);
        timeline.Add(Segment("2024-01-01/2024-01-03", "v2", 0, Numbered(0, 2)), B);
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), A);

        var all = timeline.All;

        Assert.That(all.Select(s => (s.Descriptor, string.Join(",", s.Servers))), Is.EqualTo(new[]
        {
            (D("2024-01-01/2024-01-02", "v1", 0), A),
            (D("2024-01-01/2024-01-03", "v2", 0), $"{A},{B}"),
            (D("2024-01-01/2024-01-03", "v2", 1), B),
            (D("2024-01-02/2024-01-03", "v1", 0), A),
        }));
    }

    [Test]
    public void ASegmentOfAnotherDataSourceIsRefused()
    {
        var timeline = new SegmentTimeline();
        timeline.Add(Segment("2024-01-01/2024-01-02", "v1"), A);

        Assert.That(() => timeline.Add(Segment("2024-01-01/2024-01-02", "v1") with { DataSource = "other" }, A),
            Throws.ArgumentException.With.Message.Contains("'other'").And.Message.Contains("'wiki'"));
    }

    [Test]
    public void ConcurrentAnnouncementsAndLookupsEndInTheExactTimeline()
    {
        const int Hours = 48;
        var timeline = new SegmentTimeline();
        var start = DateTimes.ParseIso("2024-01-01");
        var hours = Enumerable.Range(0, Hours).Select(h => $"{DateTimes.Format(start + (h * 3_600_000L))}/{DateTimes.Format(start + ((h + 1) * 3_600_000L))}").ToList();
        var query = I($"2024-01-01/{DateTimes.Format(start + (Hours * 3_600_000L))}");
        var servers = Enumerable.Range(0, 4).Select(n => $"10.0.1.{n}:8083").ToList();
        using var done = new CancellationTokenSource();

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var (lookups, outOfOrder) = (0, 0);
            while (!done.IsCancellationRequested || lookups == 0)
            {
                var starts = timeline.Lookup([query]).Segments.Select(s => s.Descriptor.Interval.StartMillis).ToList();
                outOfOrder += starts.Zip(starts.Skip(1)).Count(pair => pair.First > pair.Second);
                outOfOrder += timeline.All.Count(s => !s.Servers.Any());
                lookups++;
            }

            return (lookups, outOfOrder);
        })).ToList();
        var writers = servers.Select(server => Task.Run(() =>
        {
            foreach (var hour in hours)
            {
                timeline.Add(Segment(hour, "v1", 0, Numbered(0, 2)), server);
                timeline.Add(Segment(hour, "v1", 1, Numbered(1, 2)), server);
                timeline.Add(Segment(hour, "v2", 0, Numbered(0, 2)), server);
                timeline.Add(Segment(hour, "v0"), server);
            }
        })).ToList();
        Task.WaitAll([.. writers]);
        done.Cancel();
        Task.WaitAll([.. readers]);

        var final = timeline.Lookup([query]);
        Assert.That(final.Segments.Select(s => s.Descriptor), Is.EqualTo(hours.SelectMany(h => new[] { D(h, "v1", 0), D(h, "v1", 1) })));
        Assert.That(final.Segments.Select(s => s.Servers.Order()), Has.All.EqualTo(servers));
        Assert.That(final.Missing, Is.Empty);
        Assert.That(timeline.All, Has.Count.EqualTo(Hours * 4));
        Assert.That(readers.Select(r => r.Result.lookups), Has.All.GreaterThan(0));
        Assert.That(readers.Select(r => r.Result.outOfOrder), Has.All.Zero, "Lookups during the announcements read pieces out of time order or segments without holders.");
    }

    private static IEnumerable<(SegmentDescriptor, string)> Read(TimelineLookup lookup) =>
        lookup.Segments.Select(s => (s.Descriptor, string.Join(",", s.Servers)));

    private static DataSegment Segment(string interval, string version, int partition = 0, string? shardSpec = null) => new()
    {
        DataSource = "wiki",
        Interval = interval,
        Version = version,
        PartitionNum = partition,
        ShardSpec = shardSpec is null ? null : JsonDocument.Parse(shardSpec).RootElement.Clone(),
    };

    private static string Numbered(int partition, int partitions) => $$"""{"type":"numbered","partitionNum":{{partition}},"partitions":{{partitions}}}""";

    private static string Linear(int partition) => $$"""{"type":"linear","partitionNum":{{partition}}}""";

    private static Interval I(string interval) => Interval.Parse(interval);

    private static SegmentDescriptor D(string interval, string version, int partition) => new(I(interval), version, partition);
}
