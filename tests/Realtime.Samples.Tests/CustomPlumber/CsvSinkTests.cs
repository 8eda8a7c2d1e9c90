using Moq;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Samples.CustomPlumber;

namespace Realtime.Samples.Tests.CustomPlumber;

public class CsvSinkTests
{
    private static readonly SegmentId Id = new("pages", new Interval(0, 3_600_000), "v", 0);

    [Test]
    public void ADroppedSinkClosesItsIndexesOnlyWhenTheLastQueryLeaseEnds()
    {
        var persisted = new Mock<IQueryableIndex>();
        var inMemory = new Mock<IIncrementalIndex>();
        var sink = new CsvSink(Id, inMemory.Object, [(0, persisted.Object)]);

        var lease = sink.Acquire();
        sink.Drop();
        var whileLeased = (Persisted: persisted.Invocations.Count(i => i.Method.Name == nameof(IDisposable.Dispose)), InMemory: inMemory.Invocations.Count(i => i.Method.Name == nameof(IDisposable.Dispose)));
        lease.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(whileLeased, Is.EqualTo((0, 0)));
            Assert.That(lease.Indexes, Is.EqualTo(new IQueryableIndex[] { persisted.Object, inMemory.Object }));
            Assert.That(sink.Acquire().Indexes, Is.Empty, "a dropped sink serves nothing");
        });
        persisted.Verify(i => i.Dispose(), Times.Once);
        inMemory.Verify(i => i.Dispose(), Times.Once);
    }

    [Test]
    public void APersistSwapsTheInMemoryIndexForItsCopyInOneStepAndClosesItWhenUnleased()
    {
        var inMemory = new Mock<IIncrementalIndex>();
        var copy = Mock.Of<IQueryableIndex>();
        var fresh = Mock.Of<IIncrementalIndex>();
        var sink = new CsvSink(Id, inMemory.Object, []);
        var before = sink.Acquire();

        sink.Swap(0, copy, fresh);
        var after = sink.Acquire();
        inMemory.Verify(i => i.Dispose(), Times.Never);
        before.Dispose();
        after.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(before.Indexes, Is.EqualTo(new IQueryableIndex[] { inMemory.Object }));
            Assert.That(after.Indexes, Is.EqualTo(new IQueryableIndex[] { copy, fresh }));
            Assert.That(sink.PieceNumbers, Is.EqualTo(new[] { 0 }));
            Assert.That(sink.NextPieceNumber, Is.EqualTo(1));
        });
        inMemory.Verify(i => i.Dispose(), Times.Once);
    }
}
