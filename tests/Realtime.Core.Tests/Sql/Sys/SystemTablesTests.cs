using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Core.Cluster;
using Realtime.Core.Security;
using Realtime.Core.Serving;
using Realtime.Core.Sql;
using Realtime.Core.Sql.Catalog;
using Realtime.Core.Sql.Sys;
using Realtime.Core.Tests.Hosting;
using Realtime.Core.Tests.Storage;

namespace Realtime.Core.Tests.Sql.Sys;

public sealed class SystemTablesTests
{
    private static readonly ClaimsPrincipal Reader = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "reader")], "test"));
    private NodeServices _node = null!;

    [SetUp]
    public void CreateNode() => _node = new NodeServices("realtime-sys-");

    [TearDown]
    public void DeleteNode() => _node.Dispose();

    [Test]
    public async Task The_node_registers_the_sys_tables_with_druids_columns()
    {
        await using var services = await ServicesAsync();

        var tables = services.GetServices<ISqlSystemTable>().ToDictionary(t => $"{t.Schema}.{t.Name}", t => t.Columns.Select(c => $"{c.Name} {c.Type.SqlName()}"));

        Assert.Multiple(() =>
        {
            Assert.That(tables.Keys, Is.EquivalentTo(new[] { "sys.segments", "sys.servers", "sys.server_segments" }));
            Assert.That(tables["sys.segments"], Is.EqualTo(new[]
            {
                "segment_id VARCHAR", "datasource VARCHAR", "start VARCHAR", "end VARCHAR", "size BIGINT", "version VARCHAR", "partition_num BIGINT",
                "num_replicas BIGINT", "num_rows BIGINT", "is_active BIGINT", "is_published BIGINT", "is_available BIGINT", "is_realtime BIGINT",
                "is_overshadowed BIGINT", "shard_spec VARCHAR", "dimensions VARCHAR", "metrics VARCHAR", "last_compaction_state VARCHAR",
            }));
            Assert.That(tables["sys.servers"], Is.EqualTo(new[]
            {
                "server VARCHAR", "host VARCHAR", "plaintext_port BIGINT", "tls_port BIGINT", "server_type VARCHAR", "tier VARCHAR",
                "curr_size BIGINT", "max_size BIGINT", "is_leader BIGINT",
            }));
            Assert.That(tables["sys.server_segments"], Is.EqualTo(new[] { "server VARCHAR", "segment_id VARCHAR" }));
            Assert.That(services.GetService<SqlEngine>(), Is.Not.Null, "the node gets SQL");
        });
    }

    [Test]
    public async Task Segments_lists_a_published_segment_the_node_serves_and_hides_data_sources_the_user_may_not_read()
    {
        var (handedOff, announced) = (Segments.Wikipedia() with { Size = 900 }, Segments.Wikipedia(dataSource: "secret"));
        await using var services = await ServicesAsync(handedOff, announced);
        var catalog = services.GetRequiredService<ISystemCatalog>();
        var self = Dns.GetHostName();

        var all = await new SegmentsTable(catalog, Authorizer()).ReadRowsAsync(null, CancellationToken.None);
        var readable = await new SegmentsTable(catalog, Authorizer()).ReadRowsAsync(Reader, CancellationToken.None);
        var pairs = await new ServerSegmentsTable(catalog, Authorizer()).ReadRowsAsync(Reader, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(all.Select(r => r[1]), Is.EqualTo(new[] { "secret", "wikipedia" }));
            Assert.That(readable, Has.Count.EqualTo(1));
            Assert.That(readable[0], Is.EqualTo(new object?[]
            {
                handedOff.Identifier, "wikipedia", "2013-08-31T00:00:00.000Z", "2013-09-01T00:00:00.000Z", 900L, handedOff.Version, 0L,
                1L, 42L, 1L, 1L, 1L, 0L, 0L, """{"type":"linear","partitionNum":0}""", """["page","language","user"]""", """["count","added"]""", null,
            }));
            Assert.That(all[0][12], Is.EqualTo(1L), "a segment only a realtime node announces is realtime");
            Assert.That(pairs, Is.EqualTo(new[] { new object?[] { self, handedOff.Identifier } }));
        });
    }

    [Test]
    public async Task Servers_lists_the_node_then_the_announced_servers_and_needs_state_read()
    {
        await using var services = await ServicesAsync(Segments.Wikipedia() with { Size = 900 }, Segments.Wikipedia(dataSource: "secret") with { Size = 5 });
        var table = new ServersTable(services.GetRequiredService<ISystemCatalog>(), Authorizer());

        var rows = await table.ReadRowsAsync(null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(new[]
            {
                new object?[] { Dns.GetHostName(), Dns.GetHostName(), -1L, -1L, "indexer", "_default_tier", 900L, 0L, null },
                new object?[] { "10.0.0.3:8084", "10.0.0.3", 8084L, -1L, "indexer", "_default_tier", 5L, 0L, null },
            }));
            Assert.ThrowsAsync<AccessDeniedException>(() => table.ReadRowsAsync(Reader, CancellationToken.None));
        });
    }

    // Reader may read the data source wikipedia and nothing else.
    private static IResourceAuthorizer Authorizer()
    {
        var authorizer = new Mock<IResourceAuthorizer>();
        authorizer.Setup(a => a.Enabled).Returns(true);
        authorizer.Setup(a => a.IsAllowed(It.IsAny<ClaimsPrincipal>(), It.IsAny<ResourceType>(), It.IsAny<string>(), It.IsAny<ResourceAction>()))
            .Returns((ClaimsPrincipal _, ResourceType type, string name, ResourceAction action) =>
                type == ResourceType.DataSource && name == "wikipedia" && action == ResourceAction.Read);
        return authorizer.Object;
    }

    // A node that has published and serves handedOff, in a cluster where a realtime node announces the other segment.
    private async Task<ServiceProvider> ServicesAsync(DataSegment? handedOff = null, DataSegment? announced = null)
    {
        var inventory = new Mock<IServerInventory>();
        inventory.Setup(i => i.Servers).Returns(announced is null ? [] :
        [
            new ServerInventory(new DruidServerMetadata("10.0.0.3:8084", "10.0.0.3:8084", null, 0, NodeRoles.Realtime, "_default_tier", 0), [announced]),
        ]);
        var services = _node.Build(inventory.Object);
        if (handedOff is not null)
        {
            await services.GetRequiredService<ISegmentMetadataStore>().PublishAsync(handedOff, CancellationToken.None);
            var index = new Mock<IQueryableIndex>();
            index.Setup(i => i.RowCount).Returns(42);
            services.GetRequiredService<SegmentCache>().Add(handedOff, index.Object);
        }

        return services;
    }
}
