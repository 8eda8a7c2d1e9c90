using Realtime.Core.Security;

namespace Realtime.Core.Tests.Security;

public class PermissionTests
{
    [TestCase("wikipedia", "wikipedia", true)]
    [TestCase("wiki", "wikipedia", false)]
    [TestCase("wiki.*", "wikipedia", true)]
    [TestCase(".*", "anything", true)]
    [TestCase("a|b", "b", true)]
    [TestCase("a|b", "ab", false)]
    [TestCase("edits_[0-9]+", "edits_2024", true)]
    public void Grants_MatchesTheWholeNameAgainstThePattern(string pattern, string name, bool granted) =>
        Assert.That(new Permission(ResourceType.DataSource, pattern, ResourceAction.Read).Grants(ResourceType.DataSource, name, ResourceAction.Read), Is.EqualTo(granted));

    [Test]
    public void Grants_OnlyItsTypeAndAction_SoWriteDoesNotGrantRead()
    {
        var write = new Permission(ResourceType.DataSource, ".*", ResourceAction.Write);

        Assert.Multiple(() =>
        {
            Assert.That(write.Grants(ResourceType.DataSource, "x", ResourceAction.Write), Is.True);
            Assert.That(write.Grants(ResourceType.DataSource, "x", ResourceAction.Read), Is.False);
            Assert.That(write.Grants(ResourceType.State, "x", ResourceAction.Write), Is.False);
        });
    }

    [Test]
    public void NamesAreDruids()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Enum.GetValues<ResourceType>().Select(Permission.Name), Is.EqualTo(new[] { "DATASOURCE", "STATE", "CONFIG" }));
            Assert.That(Enum.GetValues<ResourceAction>().Select(Permission.Name), Is.EqualTo(new[] { "READ", "WRITE" }));
            Assert.That(Permission.ParseType("datasource"), Is.EqualTo(ResourceType.DataSource));
            Assert.That(Permission.ParseAction("Write"), Is.EqualTo(ResourceAction.Write));
            Assert.That(() => Permission.ParseType("VIEW"), Throws.InstanceOf<FormatException>().With.Message.Contains("DATASOURCE, STATE or CONFIG"));
            Assert.That(() => Permission.ParseAction("DELETE"), Throws.InstanceOf<FormatException>().With.Message.Contains("READ or WRITE"));
        });
    }

    [Test]
    public void APatternThatIsNotARegularExpressionIsRefusedNamingIt()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new Permission(ResourceType.DataSource, "wiki(", ResourceAction.Read), Throws.ArgumentException.With.Message.Contains("'wiki('"));
            Assert.That(() => new Permission(ResourceType.DataSource, "", ResourceAction.Read), Throws.ArgumentException);
        });
    }

    [Test]
    public void All_GrantsEveryActionOnEveryResource() =>
        Assert.That(Enum.GetValues<ResourceType>().SelectMany(t => Enum.GetValues<ResourceAction>().Select(a => (t, a)))
            .All(p => Permission.All.Any(permission => permission.Grants(p.t, "any name", p.a))), Is.True);
}
