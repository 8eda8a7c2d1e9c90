using Microsoft.Extensions.DependencyInjection;
using Moq;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Core.Cluster;
using Realtime.Core.Hosting;
using Realtime.Core.Serving;
using Realtime.Core.Sql.Sys;
using Realtime.Core.Tests.Storage;

namespace Realtime.Core.Tests.Hosting;

public sealed class SegmentCatalogTests
{
    private NodeServices _node = null!;

    [SetUp]
    public void CreateNode() => _node = new NodeServices("realtime-catalog-");

    [TearDown]
    public void DeleteNode() => _node.Dispose();

    [Test]
    public async Task Lists_served_published_and_announced_segments_with_the_servers_of_each()
    {
        var handedOff = Segments.Wikipedia("2013-08-31T00:00:00.000Z/2013-09-01T00:00:00.000Z") with { Size = 900 };
        var publishedOnly = Segments.Wikipedia("2013-09-01T00:00:00.000Z/2013-09-02T00:00:00.000Z") with { Size = 700 };
        var unpublished = Segments.Wikipedia("2013-09-02T00:00:00.000Z/2013-09-03T00:00:00.000Z");
        var inventory = new Mock<IServerInventory>();
        inventory.Setup(i => i.Servers).Returns(
        [
            new ServerInventory(Server("10.0.0.2:8083", NodeRoles.Historical), [publishedOnly]),
            new ServerInventory(Server("10.0.0.3:8084", NodeRoles.Realtime), [unpublished]),
        ]);
        await using var services = Services(inventory.Object);
        var store = services.GetRequiredService<ISegmentMetadataStore>();
        await store.PublishAsync(handedOff, CancellationToken.None);
        await store.PublishAsync(publishedOnly, CancellationToken.None);
        var index = new Mock<IQueryableIndex>();
        index.Setup(i => i.RowCount).Returns(42);
        services.GetRequiredService<SegmentCache>().Add(handedOff, index.Object);

        var segments = await services.GetRequiredService<SegmentCatalog>().ListAsync("127.0.0.1:8084", CancellationToken.None);

        Assert.That(segments, Is.EqualTo(new[]
        {
            new SegmentReport(handedOff.Identifier, "wikipedia", handedOff.Interval, handedOff.Version, 0, SegmentState.HandedOff, true, 0, 0, 42, 0, 900, ["127.0.0.1:8084"]) { Descriptor = handedOff },
            new SegmentReport(publishedOnly.Identifier, "wikipedia", publishedOnly.Interval, publishedOnly.Version, 0, SegmentState.HandedOff, true, 0, 0, null, 0, 700, ["10.0.0.2:8083"]) { Descriptor = publishedOnly },
            new SegmentReport(unpublished.Identifier, "wikipedia", unpublished.Interval, unpublished.Version, 0, SegmentState.Live, false, 0, 0, null, 0, 0, ["10.0.0.3:8084"]) { Descriptor = unpublished },
        }).Using<SegmentReport>((a, b) => a with { Servers = [], Descriptor = null } == b with { Servers = [], Descriptor = null }
            && a.Servers.SequenceEqual(b.Servers) && a.Descriptor?.Identifier == b.Descriptor?.Identifier));
    }

    [Test]
    public async Task A_broker_lists_what_the_cluster_announces_without_a_metadata_store()
    {
        var announced = Segments.Wikipedia() with { Size = 500 };
        var inventory = new Mock<IServerInventory>();
        inventory.Setup(i => i.Servers).Returns([new ServerInventory(Server("10.0.0.2:8083", NodeRoles.Historical), [announced])]);
        await using var services = Services(inventory.Object, ("Realtime:Role", "broker"), ("Realtime:ZooKeeper:Hosts", "127.0.0.1:1"));

        var segments = await services.GetRequiredService<SegmentCatalog>().ListAsync("127.0.0.1:8082", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(segments.Select(s => (s.Id, s.State, s.Published, s.Size, Servers: string.Join(',', s.Servers))),
                Is.EqualTo(new[] { (announced.Identifier, SegmentState.HandedOff, true, 500L, "10.0.0.2:8083") }),
                "a historical serves only published segments");
            Assert.That(File.Exists(_node.MetadataFile), Is.False, "a broker leaves the metadata store alone");
        });
    }

    private ServiceProvider Services(IServerInventory inventory, params (string Key, string Value)[] settings) =>
        _node.Build(inventory, [("urls", "http://127.0.0.1:8082"), .. settings]);

    private static DruidServerMetadata Server(string name, string type) => new(name, name, null, 0, type, "_default_tier", 0);
}
