using System.Text;
using System.Text.Json;
using Realtime.Core.Cluster;

namespace Realtime.Core.Tests.Cluster;

public class ServerAnnouncementsTests
{
    private static readonly ServerIdentity Historical = new("10.0.0.5", 8083, NodeRoles.Historical, "_default_tier", 1_000_000, 0);

    [Test]
    public void ServerMetadataHasDruidsFields()
    {
        using var json = JsonDocument.Parse(ServerAnnouncements.ServerMetadata(Historical));
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("name").GetString(), Is.EqualTo("10.0.0.5:8083"));
            Assert.That(root.GetProperty("host").GetString(), Is.EqualTo("10.0.0.5:8083"));
            Assert.That(root.GetProperty("hostAndTlsPort").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("maxSize").GetInt64(), Is.EqualTo(1_000_000));
            Assert.That(root.GetProperty("type").GetString(), Is.EqualTo("historical"));
            Assert.That(root.GetProperty("tier").GetString(), Is.EqualTo("_default_tier"));
            Assert.That(root.GetProperty("priority").GetInt32(), Is.EqualTo(0));
        });
    }

    [Test]
    public void DiscoveryNodeWritesTheServiceTypeBeforeTheServerTypeAsDruidDoes()
    {
        var text = Encoding.UTF8.GetString(ServerAnnouncements.DiscoveryNode(Historical, DateTimeOffset.UnixEpoch));
        using var json = JsonDocument.Parse(text);
        var service = json.RootElement.GetProperty("services").GetProperty("dataNodeService");
        var types = service.EnumerateObject().Where(p => p.Name == "type").Select(p => p.Value.GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(types, Is.EqualTo(new[] { "dataNodeService", "historical" }));
            Assert.That(service.GetProperty("serverType").GetString(), Is.EqualTo("historical"));
            Assert.That(json.RootElement.GetProperty("nodeType").GetString(), Is.EqualTo("historical"));
            Assert.That(json.RootElement.GetProperty("druidNode").GetProperty("plaintextPort").GetInt32(), Is.EqualTo(8083));
            Assert.That(ServerAnnouncements.DiscoveryRole(Historical), Is.EqualTo("HISTORICAL"));
            Assert.That(ServerAnnouncements.DiscoveryRole(Historical with { Type = NodeRoles.Realtime }), Is.EqualTo("PEON"));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void AnnouncementsAreReadGzippedOrPlain(bool compress)
    {
        var stored = ZNodePayload.Encode(ServerAnnouncements.ServerMetadata(Historical), compress);
        Assert.Multiple(() =>
        {
            Assert.That(stored[0] == 0x1f && stored[1] == 0x8b, Is.EqualTo(compress));
            Assert.That(ServerAnnouncements.ReadServerMetadata(stored), Is.EqualTo(new DruidServerMetadata("10.0.0.5:8083", "10.0.0.5:8083", null, 1_000_000, "historical", "_default_tier", 0)));
        });
    }

    [Test]
    public void AnUnknownRoleIsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => NodeRoles.Parse("coordinator"));
        Assert.That(error!.Message, Does.Contain("Realtime:Role").And.Contain("coordinator").And.Contain("broker"));
    }
}
