using Moq;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Sdk;
using Realtime.Abstractions.Segments;

namespace Realtime.Abstractions.Tests.Sdk;

public class HydrantSetTests
{
    [Test]
    public void A_lease_holds_the_hydrants_in_the_set_when_it_was_taken()
    {
        var first = Mock.Of<IQueryableIndex>();
        var second = Mock.Of<IQueryableIndex>();
        var set = new HydrantSet([new Hydrant(0, first)]);

        using var before = set.Acquire();
        set.Add(new Hydrant(1, second));
        using var after = set.Acquire();

        Assert.Multiple(() =>
        {
            Assert.That(before.Indexes, Is.EqualTo(new[] { first }));
            Assert.That(after.Indexes, Is.EqualTo(new[] { first, second }));
            Assert.That(set.Hydrants.Select(h => h.Number), Is.EqualTo(new[] { 0, 1 }));
        });
    }

    [Test]
    public void A_swapped_out_index_is_disposed_once_the_last_lease_on_its_hydrant_ends()
    {
        var inMemory = new Mock<IIncrementalIndex>();
        var persisted = Mock.Of<IQueryableIndex>();
        var hydrant = new Hydrant(0, inMemory.Object);
        var set = new HydrantSet([hydrant]);

        var lease = set.Acquire();
        hydrant.Swap(persisted);
        inMemory.Verify(i => i.Dispose(), Times.Never);
        lease.Dispose();

        inMemory.Verify(i => i.Dispose(), Times.Once);
        Assert.Multiple(() =>
        {
            Assert.That(hydrant.Index, Is.SameAs(persisted));
            Assert.That(hydrant.InMemory, Is.Null);
        });
    }

    [Test]
    public void An_unleased_swap_disposes_the_old_index_at_once()
    {
        var inMemory = new Mock<IIncrementalIndex>();
        var hydrant = new Hydrant(0, inMemory.Object);

        hydrant.Swap(Mock.Of<IQueryableIndex>());

        inMemory.Verify(i => i.Dispose(), Times.Once);
    }

    [Test]
    public void Releasing_the_set_closes_each_index_when_its_last_lease_ends_and_serves_nothing_more()
    {
        var index = new Mock<IQueryableIndex>();
        var set = new HydrantSet([new Hydrant(0, index.Object)]);

        var lease = set.Acquire();
        set.ReleaseAll();
        index.Verify(i => i.Dispose(), Times.Never);
        lease.Dispose();

        index.Verify(i => i.Dispose(), Times.Once);
        Assert.That(set.Acquire().Indexes, Is.Empty);
    }
}
