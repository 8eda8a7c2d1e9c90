using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;
using Realtime.Core.Storage;

namespace Realtime.Core.Tests.Storage;

public class MetadataHandoffNotifierTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static MetadataHandoffNotifier CreateNotifier(ISegmentMetadataStore store, TimeSpan? pollPeriod = null) => new(
        store,
        Options.Create(new HandoffOptions { PollPeriod = pollPeriod ?? TimeSpan.FromMilliseconds(5) }),
        TimeProvider.System,
        NullLogger<MetadataHandoffNotifier>.Instance);

    [Test]
    public async Task Wait_CompletesOncePublished()
    {
        using var temp = new TempDirectory();
        using var store = new SqliteMetadataStore(
            Options.Create(new MetadataStoreOptions { ConnectionString = $"Data Source={temp.Combine("metadata.db")}" }),
            TimeProvider.System,
            NullLogger<SqliteMetadataStore>.Instance);
        var polled = new TaskCompletionSource();
        var observed = new Mock<ISegmentMetadataStore>();
        observed.Setup(s => s.GetUsedSegmentsAsync(It.IsAny<string>(), It.IsAny<Interval>(), It.IsAny<CancellationToken>()))
            .Returns((string ds, Interval interval, CancellationToken ct) =>
            {
                var result = store.GetUsedSegmentsAsync(ds, interval, ct);
                polled.TrySetResult();
                return result;
            });
        var segment = Segments.Wikipedia();
        using var guard = new CancellationTokenSource(Guard);

        var wait = CreateNotifier(observed.Object).WaitForHandoffAsync(segment, guard.Token);
        await polled.Task.WaitAsync(guard.Token);
        var completedBeforePublish = wait.IsCompleted;
        await store.PublishAsync(segment, CancellationToken.None);
        await wait;

        Assert.That(completedBeforePublish, Is.False);
    }

    [Test]
    public async Task Wait_AlreadyPublished_CompletesAtFirstPoll()
    {
        var segment = Segments.Wikipedia();
        var store = StoreReturning(segment);

        await CreateNotifier(store.Object, TimeSpan.FromHours(1)).WaitForHandoffAsync(segment, CancellationToken.None);

        store.Verify(s => s.GetUsedSegmentsAsync("wikipedia", segment.Id.Interval, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Wait_Cancelled_Throws()
    {
        var store = StoreReturning();
        using var cancellation = new CancellationTokenSource();

        var wait = CreateNotifier(store.Object, TimeSpan.FromHours(1)).WaitForHandoffAsync(Segments.Wikipedia(), cancellation.Token);
        cancellation.Cancel();

        Assert.That(() => wait, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Wait_StoreFailure_IsRetried()
    {
        var segment = Segments.Wikipedia();
        var store = new Mock<ISegmentMetadataStore>();
        store.SetupSequence(s => s.GetUsedSegmentsAsync(It.IsAny<string>(), It.IsAny<Interval>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("database is locked"))
            .ReturnsAsync([segment]);
        using var guard = new CancellationTokenSource(Guard);

        await CreateNotifier(store.Object).WaitForHandoffAsync(segment, guard.Token);

        store.Verify(s => s.GetUsedSegmentsAsync(It.IsAny<string>(), It.IsAny<Interval>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public void Options_NonPositivePollPeriod_NamesTheSetting()
    {
        Assert.That(() => CreateNotifier(StoreReturning().Object, TimeSpan.Zero),
            Throws.ArgumentException.With.Message.Contains("Realtime:Handoff:PollPeriod"));
    }

    [TestCase("2013-08-31T00:00:00.000Z/2013-09-01T00:00:00.000Z", "2013-08-31T00:00:00.000Z", 0, ExpectedResult = true, TestName = "Serves_SameSegment")]
    [TestCase("2013-08-31T00:00:00.000Z/2013-09-01T00:00:00.000Z", "2013-09-05T00:00:00.000Z", 0, ExpectedResult = true, TestName = "Serves_NewerVersion")]
    [TestCase("2013-08-01T00:00:00.000Z/2013-09-01T00:00:00.000Z", "2013-08-31T00:00:00.000Z", 0, ExpectedResult = true, TestName = "Serves_ContainingInterval")]
    [TestCase("2013-08-31T00:00:00.000Z/2013-09-01T00:00:00.000Z", "2013-08-30T00:00:00.000Z", 0, ExpectedResult = false, TestName = "Serves_NotOlderVersion")]
    [TestCase("2013-08-31T00:00:00.000Z/2013-09-01T00:00:00.000Z", "2013-08-31T00:00:00.000Z", 1, ExpectedResult = false, TestName = "Serves_NotOtherPartition")]
    [TestCase("2013-08-31T12:00:00.000Z/2013-09-01T00:00:00.000Z", "2013-08-31T00:00:00.000Z", 0, ExpectedResult = false, TestName = "Serves_NotPartOfInterval")]
    public bool Serves(string interval, string version, int partitionNum) =>
        MetadataHandoffNotifier.Serves(Segments.Wikipedia(interval, version, partitionNum).Id, Segments.Wikipedia().Id);

    private static Mock<ISegmentMetadataStore> StoreReturning(params DataSegment[] used)
    {
        var store = new Mock<ISegmentMetadataStore>();
        store.Setup(s => s.GetUsedSegmentsAsync(It.IsAny<string>(), It.IsAny<Interval>(), It.IsAny<CancellationToken>())).ReturnsAsync(used);
        return store;
    }
}
