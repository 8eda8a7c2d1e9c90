using System.Security.Claims;
using Realtime.Core.Security;

namespace Realtime.Core.Tests.Security;

public class RoleAuthorizerTests
{
    private RoleAuthorizer _authorizer = null!;

    [SetUp]
    public async Task CreateAuthorizer() => _authorizer = new RoleAuthorizer(await SecurityStates.CatalogAsync(SecurityStates.Of(
        [],
        [new AuthorizationUser("alice", ["wiki-readers", "unknown-role"]), new AuthorizationUser("bob", [])],
        [
            new Role("wiki-readers", [new Permission(ResourceType.DataSource, "wiki.*", ResourceAction.Read)]),
            new Role("edits-writers", [new Permission(ResourceType.DataSource, "edits", ResourceAction.Write)]),
        ])));

    private static ClaimsPrincipal User(string name, params string[] roles) => new(new ClaimsIdentity(
        [new Claim("sub", name), .. roles.Select(r => new Claim("roles", r))], "Bearer", "sub", "roles"));

    [Test]
    public void AUserMayDoWhatItsAssignedRolesGrant()
    {
        var alice = User("alice");

        Assert.Multiple(() =>
        {
            Assert.That(_authorizer.IsAllowed(alice, ResourceType.DataSource, "wikipedia", ResourceAction.Read), Is.True);
            Assert.That(_authorizer.IsAllowed(alice, ResourceType.DataSource, "wikipedia", ResourceAction.Write), Is.False);
            Assert.That(_authorizer.IsAllowed(alice, ResourceType.DataSource, "edits", ResourceAction.Read), Is.False);
            Assert.That(_authorizer.IsAllowed(alice, ResourceType.State, "STATE", ResourceAction.Read), Is.False);
            Assert.That(_authorizer.IsAllowed(User("bob"), ResourceType.DataSource, "wikipedia", ResourceAction.Read), Is.False);
            Assert.That(_authorizer.IsAllowed(User("nobody"), ResourceType.DataSource, "wikipedia", ResourceAction.Read), Is.False);
        });
    }

    [Test]
    public void ATokensRoleClaimsAddRolesByName()
    {
        var carol = User("carol", "edits-writers", "no-such-role");

        Assert.Multiple(() =>
        {
            Assert.That(_authorizer.IsAllowed(carol, ResourceType.DataSource, "edits", ResourceAction.Write), Is.True);
            Assert.That(_authorizer.IsAllowed(carol, ResourceType.DataSource, "wikipedia", ResourceAction.Read), Is.False);
            Assert.That(_authorizer.IsAllowed(User("bob", "wiki-readers"), ResourceType.DataSource, "wikipedia", ResourceAction.Read), Is.True);
        });
    }

    [Test]
    public void TheInternalIdentityMayDoEverythingAndAnAnonymousOneNothing()
    {
        var system = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "druid_system"), new Claim(RealtimeAuthentication.InternalClaim, "true")], "Basic"));
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "alice")]));

        Assert.Multiple(() =>
        {
            Assert.That(_authorizer.IsAllowed(system, ResourceType.Config, "security", ResourceAction.Write), Is.True);
            Assert.That(_authorizer.IsAllowed(anonymous, ResourceType.DataSource, "wikipedia", ResourceAction.Read), Is.False, "claims without authentication count for nothing");
        });
    }

    [Test]
    public void ManyResourcesAtOnce_FirstDeniedAllowedAndDemand()
    {
        var alice = User("alice");
        string[] dataSources = ["wikipedia", "edits", "wiki2", "secret"];

        Assert.Multiple(() =>
        {
            Assert.That(_authorizer.FirstDenied(alice, ResourceType.DataSource, dataSources, ResourceAction.Read), Is.EqualTo("edits"));
            Assert.That(_authorizer.Allowed(alice, ResourceType.DataSource, dataSources, ResourceAction.Read), Is.EqualTo(new[] { "wikipedia", "wiki2" }));
            Assert.That(() => _authorizer.Demand(alice, ResourceType.DataSource, dataSources, ResourceAction.Read),
                Throws.InstanceOf<AccessDeniedException>().With.Message.EqualTo("User 'alice' may not READ DATASOURCE 'edits'."));
            Assert.That(() => _authorizer.Demand(alice, ResourceType.DataSource, ["wikipedia"], ResourceAction.Read), Throws.Nothing);
            Assert.That(new AllowAllAuthorizer().Allowed(new ClaimsPrincipal(), ResourceType.DataSource, dataSources, ResourceAction.Write), Is.EqualTo(dataSources));
        });
    }
}
