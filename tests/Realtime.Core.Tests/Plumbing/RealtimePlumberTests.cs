using System.Text.Json;
using Moq;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Segments;
using Realtime.Core.Plumbing;
using static Realtime.Core.Tests.Plumbing.PlumberFixture;

namespace Realtime.Core.Tests.Plumbing;

public class RealtimePlumberTests
{
    private static readonly DateTimeOffset TenFive = new(2013, 8, 31, 10, 5, 0, TimeSpan.Zero);

    [Test]
    public async Task RowsGoToOneSinkPerSegmentIntervalWithDruidSegmentIds()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory()));

        plumber.Add(Row("2013-08-31T10:05:00Z", "a"), () => Committers.Nil);
        plumber.Add(Row("2013-08-31T10:30:00Z", "b"), () => Committers.Nil);
        plumber.Add(Row("2013-08-31T11:10:00Z", "a"), () => Committers.Nil);

        Assert.That(plumber.Segments.Select(s => s.Id.ToString()).Order(), Is.EqualTo(new[]
        {
            "events_2013-08-31T10:00:00.000Z_2013-08-31T11:00:00.000Z_2013-08-31T10:00:00.000Z",
            "events_2013-08-31T11:00:00.000Z_2013-08-31T12:00:00.000Z_2013-08-31T11:00:00.000Z",
        }));
    }

    [Test]
    public async Task ServerTimeRejectsRowsOutsideTheWindowOnBothSides()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new ServerTimeRejectionPolicyFactory()));

        Assert.Multiple(() =>
        {
            Assert.That(plumber.Add(Row("2013-08-31T09:54:59Z", "late"), () => Committers.Nil).Status, Is.EqualTo(AddStatus.ThrownAway));
            Assert.That(plumber.Add(Row("2013-08-31T10:15:01Z", "early"), () => Committers.Nil).Status, Is.EqualTo(AddStatus.ThrownAway));
            Assert.That(plumber.Add(Row("2013-08-31T09:56:00Z", "ok"), () => Committers.Nil).Status, Is.EqualTo(AddStatus.Added));
            Assert.That(plumber.Add(Row("2013-08-31T10:14:00Z", "ok"), () => Committers.Nil).Status, Is.EqualTo(AddStatus.Added));
        });
    }

    [Test]
    public async Task MessageTimeFollowsTheNewestEventWithNoUpperBound()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new MessageTimeRejectionPolicyFactory()));

        var first = plumber.Add(Row("2013-08-31T10:00:00Z", "a"), () => Committers.Nil);
        var future = plumber.Add(Row("2013-08-31T12:00:00Z", "a"), () => Committers.Nil);
        var late = plumber.Add(Row("2013-08-31T11:49:00Z", "a"), () => Committers.Nil);
        var inWindow = plumber.Add(Row("2013-08-31T11:55:00Z", "a"), () => Committers.Nil);

        Assert.That(new[] { first.Status, future.Status, late.Status, inWindow.Status },
            Is.EqualTo(new[] { AddStatus.Added, AddStatus.Added, AddStatus.ThrownAway, AddStatus.Added }));
    }

    [Test]
    public async Task ReachingMaxRowsPersistsAndTheCommitterRunsOnlyOnceTheHydrantIsOnDisk()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory(), maxRows: 2));
        var committed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var hydrant = Path.Combine(fixture.PersistDirectory, "events", "2013-08-31T10:00:00.000Z_2013-08-31T11:00:00.000Z", "0");
        var committer = Committer(JsonSerializer.SerializeToElement(new { offset = 2 }), () => committed.SetResult(LoadsCompletely(fixture.Indexes, hydrant)));

        plumber.Add(Row("2013-08-31T10:05:00Z", "a"), () => committer);
        plumber.Add(Row("2013-08-31T10:06:00Z", "b"), () => committer);
        plumber.Add(Row("2013-08-31T10:07:00Z", "c"), () => Committers.Nil);

        Assert.That(await committed.Task.WaitAsync(TimeSpan.FromMinutes(1)), Is.True, "the hydrant was readable from disk when the committer ran");
        Assert.Multiple(() =>
        {
            Assert.That(Rows(plumber.Segments), Has.Count.EqualTo(3), "persisted and in-memory rows are all queryable");
            fixture.Metrics.Verify(m => m.RowsOutput(2), Times.Once());
        });
    }

    [Test]
    public async Task TheIntermediatePersistPeriodPersistsWhenTheNextRowArrives()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory()));
        const string hour = "2013-08-31T10:00:00.000Z_2013-08-31T11:00:00.000Z";

        plumber.Add(Row("2013-08-31T10:05:00Z", "a"), () => Committers.Nil);
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        var beforeNextRow = fixture.HydrantDirectories(hour);
        plumber.Add(Row("2013-08-31T10:06:00Z", "b"), () => Committers.Nil);
        await EventuallyAsync(
            () => fixture.HydrantDirectories(hour).Count == 1 && fixture.Metrics.Invocations.Any(i => i.Method.Name == nameof(IIngestionMetrics.RowsOutput)),
            "the period to trigger a persist, and the persist to finish");

        Assert.Multiple(() =>
        {
            Assert.That(beforeNextRow, Is.Empty, "an idle stream does not persist");
            fixture.Metrics.Verify(m => m.RowsOutput(2), Times.Once());
        });
    }

    [Test]
    public async Task MaxBytesInMemoryPersistsASinkThatGrowsPastIt()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory(), maxBytes: 1));
        const string hour = "2013-08-31T10:00:00.000Z_2013-08-31T11:00:00.000Z";

        plumber.Add(Row("2013-08-31T10:05:00Z", "a"), () => Committers.Nil);
        plumber.Add(Row("2013-08-31T10:06:00Z", "b"), () => Committers.Nil);

        await EventuallyAsync(() => fixture.HydrantDirectories(hour).Count == 2, "each row to be persisted on its own");
        Assert.That(Rows(plumber.Segments), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ARestartRecoversPersistedRowsAndReturnsTheNewestCommitMetadata()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var first = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory()));
        first.Add(Row("2013-08-31T10:05:00Z", "a", 5), () => Committers.Nil);
        first.Persist(Committer(JsonSerializer.SerializeToElement(new { offset = 1 }), () => { }));
        first.Add(Row("2013-08-31T11:05:00Z", "b", 7), () => Committers.Nil);
        first.Persist(Committer(JsonSerializer.SerializeToElement(new { offset = 2 }), () => { }));
        first.Add(Row("2013-08-31T11:06:00Z", "lost", 100), () => Committers.Nil);
        await fixture.StopAsync(first);

        var second = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory()));
        var metadata = await second.StartJobAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(metadata?.GetProperty("offset").GetInt32(), Is.EqualTo(2));
            Assert.That(Sum(second.Segments, "value"), Is.EqualTo(12), "rows persisted before the stop are back; the unpersisted row is for the firehose to replay");
            Assert.That(second.Segments, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task AfterTheWindowASinkIsMergedPushedPublishedAndServedFromTheSegmentCache()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new ServerTimeRejectionPolicyFactory(), maxRows: 2));
        foreach (var dim in new[] { "a", "b", "c", "a", "b" })
        {
            plumber.Add(Row("2013-08-31T10:05:00Z", dim, 10), () => Committers.Nil);
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(65));
        var sinkDirectory = Path.Combine(fixture.PersistDirectory, "events", "2013-08-31T10:00:00.000Z_2013-08-31T11:00:00.000Z");
        await EventuallyAsync(() => plumber.Segments.Count == 0 && !Directory.Exists(sinkDirectory), "the sink to be handed off and its files removed");

        var published = await fixture.Metadata.GetUsedSegmentsAsync("events", CancellationToken.None);
        var served = fixture.Cache.GetSegments("events");
        Assert.Multiple(() =>
        {
            Assert.That(published.Select(s => s.Identifier), Is.EqualTo(new[] { "events_2013-08-31T10:00:00.000Z_2013-08-31T11:00:00.000Z_2013-08-31T10:00:00.000Z" }));
            Assert.That(Rows(served), Has.Count.EqualTo(3), "the merge rolled equal rows of several hydrants up");
            Assert.That(Sum(served, "value"), Is.EqualTo(50));
            Assert.That(Sum(served, "count"), Is.EqualTo(5));
            fixture.Metrics.Verify(m => m.HandoffCompleted(), Times.Once());
        });
    }

    [Test]
    public async Task FinishingPublishesEverySinkRegardlessOfTheWindow()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory()), "day");
        plumber.Add(Row("2013-08-30T10:05:00Z", "a"), () => Committers.Nil);
        plumber.Add(Row("2013-08-31T10:05:00Z", "a"), () => Committers.Nil);

        await plumber.FinishJobAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await fixture.Metadata.GetUsedSegmentsAsync("events", CancellationToken.None), Has.Count.EqualTo(2));
            Assert.That(plumber.Segments, Is.Empty);
            Assert.That(Rows(fixture.Cache.GetSegments("events")), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task ASegmentPushedBeforeARestartIsNotPushedAgain()
    {
        await using var fixture = new PlumberFixture(TenFive);
        fixture.HandoffGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory(), handoffTimeout: 300));
        first.Add(Row("2013-08-31T10:05:00Z", "a"), () => Committers.Nil);

        var timeout = Assert.ThrowsAsync<TimeoutException>(async () => await first.FinishJobAsync(CancellationToken.None))!;
        await fixture.StopAsync(first);
        fixture.HandoffGate.SetResult();
        var second = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory()));
        await second.FinishJobAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(timeout.Message, Does.Contain("events_2013-08-31T10:00:00.000Z").And.Contain("handoffConditionTimeout"));
            Assert.That(fixture.Pusher.Pushes, Is.EqualTo(1));
            Assert.That(await fixture.Metadata.GetUsedSegmentsAsync("events", CancellationToken.None), Has.Count.EqualTo(1));
            Assert.That(Sum(fixture.Cache.GetSegments("events"), "count"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RowsArrivingWhileFinishingAreThrownAway()
    {
        await using var fixture = new PlumberFixture(TenFive);
        fixture.HandoffGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory()));
        plumber.Add(Row("2013-08-31T10:05:00Z", "a"), () => Committers.Nil);

        var finishing = plumber.FinishJobAsync(CancellationToken.None).AsTask();
        var late = plumber.Add(Row("2013-08-31T10:06:00Z", "b"), () => Committers.Nil);
        fixture.HandoffGate.SetResult();
        await finishing;

        Assert.Multiple(() =>
        {
            Assert.That(late.Status, Is.EqualTo(AddStatus.ThrownAway));
            Assert.That(Sum(fixture.Cache.GetSegments("events"), "count"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AFailedPersistSkipsItsCommitAndKeepsTheRowsQueryable()
    {
        var failing = new Mock<IIndexFactory>();
        var real = StandardIndexes();
        failing.Setup(f => f.CreateIncremental(It.IsAny<Abstractions.Time.Interval>(), It.IsAny<IReadOnlyList<ColumnSchema>?>()))
            .Returns<Abstractions.Time.Interval, IReadOnlyList<ColumnSchema>?>((i, d) => real.CreateIncremental(i, d));
        failing.Setup(f => f.Persist(It.IsAny<IQueryableIndex>(), It.IsAny<string>(), It.IsAny<JsonElement?>(), It.IsAny<CancellationToken>()))
            .Throws(new IOException("disk full"));
        await using var fixture = new PlumberFixture(TenFive, failing.Object);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory()));
        var committed = false;
        plumber.Add(Row("2013-08-31T10:05:00Z", "a", 3), () => Committers.Nil);

        plumber.Persist(Committer(null, () => committed = true));
        await EventuallyAsync(() => fixture.Metrics.Invocations.Any(i => i.Method.Name == nameof(IIngestionMetrics.PersistFailed)), "the persist to fail");

        Assert.Multiple(() =>
        {
            Assert.That(committed, Is.False);
            Assert.That(Sum(plumber.Segments, "value"), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task TheDedupColumnDropsRepeatedValuesWithinASink()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory(), dedupColumn: "dim"));

        var first = plumber.Add(Row("2013-08-31T10:05:00Z", "a"), () => Committers.Nil);
        var repeat = plumber.Add(Row("2013-08-31T10:06:00Z", "a"), () => Committers.Nil);

        Assert.That((first.Status, repeat.Status), Is.EqualTo((AddStatus.Added, AddStatus.Duplicate)));
    }

    [Test]
    public async Task APartitionNumberAppearsInTheSegmentIdAndTheDeepStoragePath()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new RealtimePlumberSchool(), fixture.Tuning(new NoneRejectionPolicyFactory(), shardSpec: new LinearShardSpec { PartitionNum = 2 }));
        plumber.Add(Row("2013-08-31T10:05:00Z", "a"), () => Committers.Nil);

        await plumber.FinishJobAsync(CancellationToken.None);

        var segment = (await fixture.Metadata.GetUsedSegmentsAsync("events", CancellationToken.None)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(segment.Identifier, Does.EndWith("_2"));
            Assert.That(segment.ShardSpec?.GetProperty("type").GetString(), Is.EqualTo("linear"));
            Assert.That(File.Exists(Path.Combine(fixture.Directory, "deep", "events", "2013-08-31T10:00:00.000Z_2013-08-31T11:00:00.000Z", "2013-08-31T10:00:00.000Z", "2", "index.zip")), Is.True);
        });
    }

    [Test]
    public async Task TheFlushingPlumberDropsASinkAfterItsFlushDurationWithoutPushing()
    {
        await using var fixture = new PlumberFixture(TenFive);
        var plumber = await fixture.StartAsync(new FlushingPlumberSchool { FlushDuration = TimeSpan.FromMinutes(30) }, fixture.Tuning(new ServerTimeRejectionPolicyFactory()));
        plumber.Add(Row("2013-08-31T10:05:00Z", "a"), () => Committers.Nil);

        fixture.Clock.Advance(TimeSpan.FromMinutes(65));
        var hydrant = Path.Combine(fixture.PersistDirectory, "events", "2013-08-31T10:00:00.000Z_2013-08-31T11:00:00.000Z", "0");
        await EventuallyAsync(() => Directory.Exists(hydrant) && fixture.TimersCreated.Contains(TimeSpan.FromMinutes(30)),
            "the sink to be persisted and its drop scheduled after the flush duration when it leaves the window");
        var servedAfterWindow = Rows(plumber.Segments).Count;
        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        await EventuallyAsync(() => plumber.Segments.Count == 0, "the sink to be dropped");

        Assert.Multiple(() =>
        {
            Assert.That(servedAfterWindow, Is.EqualTo(1));
            Assert.That(fixture.Pusher.Pushes, Is.Zero);
        });
    }

    private static bool LoadsCompletely(IIndexFactory indexes, string directory)
    {
        using var index = indexes.Load(directory);
        return index.RowCount == 2;
    }
}
