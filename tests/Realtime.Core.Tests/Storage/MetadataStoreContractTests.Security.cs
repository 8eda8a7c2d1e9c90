using Realtime.Core.Security;

namespace Realtime.Core.Tests.Storage;

/// <summary>The users, roles and permissions tables, run against each built-in store.</summary>
public abstract partial class MetadataStoreContractTests
{
    private static readonly string[] SecurityTables = ["druid_auth_users", "druid_authz_users", "druid_roles", "druid_user_roles", "druid_permissions"];

    private static PasswordCredential Credential(string password) => PasswordHasher.Hash(password, 1_000);

    [Test]
    public async Task Initialize_CreatesTheSecurityTablesBesideTheSegmentsTable()
    {
        var store = CreateStore();
        await store.InitializeAsync(CancellationToken.None);
        await CreateStore().InitializeAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(Strings(TableNamesQuery), Is.SupersetOf(SecurityTables));
            Assert.That(store.SecurityTableNames, Is.EquivalentTo(SecurityTables));
            Assert.That(await store.LoadAsync(CancellationToken.None), Has.Property(nameof(SecurityState.AuthenticationUsers)).Empty);
        });
    }

    [Test]
    public async Task SecurityTables_FollowTheTablesBase()
    {
        await CreateStore(tablesBase: "rt").InitializeAsync(CancellationToken.None);

        Assert.That(Strings(TableNamesQuery), Is.SupersetOf(new[] { "rt_auth_users", "rt_authz_users", "rt_roles", "rt_user_roles", "rt_permissions" }));
    }

    [Test]
    public async Task AuthenticationUsers_KeepTheirPasswordsAndAreCreatedAndDeletedOnce()
    {
        var store = CreateStore();
        var credential = Credential("s3cret");

        var created = await store.CreateAuthenticationUserAsync("alice", CancellationToken.None);
        var again = await store.CreateAuthenticationUserAsync("alice", CancellationToken.None);
        var withoutPassword = (await store.LoadAsync(CancellationToken.None)).AuthenticationUsers["alice"];
        var set = await store.SetCredentialAsync("alice", credential, CancellationToken.None);
        var setMissing = await store.SetCredentialAsync("nobody", credential, CancellationToken.None);
        var read = (await CreateStore().LoadAsync(CancellationToken.None)).AuthenticationUsers["alice"].Credential!;

        Assert.Multiple(async () =>
        {
            Assert.That((created, again, set, setMissing), Is.EqualTo((true, false, true, false)));
            Assert.That(withoutPassword.Credential, Is.Null);
            Assert.That((read.Salt, read.Hash, read.Iterations), Is.EqualTo((credential.Salt, credential.Hash, credential.Iterations)));
            Assert.That(PasswordHasher.Verify("s3cret", read), Is.True);
            Assert.That(await store.DeleteAuthenticationUserAsync("alice", CancellationToken.None), Is.True);
            Assert.That(await store.DeleteAuthenticationUserAsync("alice", CancellationToken.None), Is.False);
            Assert.That((await store.LoadAsync(CancellationToken.None)).AuthenticationUsers, Is.Empty);
        });
    }

    [Test]
    public async Task Roles_KeepTheirPermissionsInOrderAndTheirAssignments()
    {
        var store = CreateStore();
        Permission[] permissions = [new(ResourceType.DataSource, "wiki.*", ResourceAction.Read), new(ResourceType.State, "STATE", ResourceAction.Read), new(ResourceType.DataSource, "edits", ResourceAction.Write)];
        await store.CreateAuthorizationUserAsync("alice", CancellationToken.None);
        await store.CreateRoleAsync("readers", CancellationToken.None);
        await store.CreateRoleAsync("empty", CancellationToken.None);

        var outcomes = new[]
        {
            await store.SetPermissionsAsync("readers", [new(ResourceType.Config, ".*", ResourceAction.Write)], CancellationToken.None),
            await store.SetPermissionsAsync("readers", permissions, CancellationToken.None),
            await store.SetPermissionsAsync("missing", permissions, CancellationToken.None),
            await store.AssignRoleAsync("alice", "readers", CancellationToken.None),
            await store.AssignRoleAsync("alice", "empty", CancellationToken.None),
            await store.AssignRoleAsync("alice", "readers", CancellationToken.None),
            await store.AssignRoleAsync("nobody", "readers", CancellationToken.None),
            await store.AssignRoleAsync("alice", "missing", CancellationToken.None),
        };
        var state = await CreateStore().LoadAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.EqualTo(new[] { true, true, false, true, true, false, false, false }));
            Assert.That(state.Roles["readers"].Permissions, Is.EqualTo(permissions), "replaced, in order");
            Assert.That(state.Roles["empty"].Permissions, Is.Empty);
            Assert.That(state.AuthorizationUsers["alice"].Roles, Is.EqualTo(new[] { "empty", "readers" }));
            Assert.That(state.AuthenticationUsers, Is.Empty, "the authorizer's users are not the authenticator's");
        });
    }

    [Test]
    public async Task DeletingARoleOrAUserTakesItsAssignmentsAndPermissionsWithIt()
    {
        var store = CreateStore();
        await store.CreateAuthorizationUserAsync("alice", CancellationToken.None);
        await store.CreateAuthorizationUserAsync("bob", CancellationToken.None);
        await store.CreateRoleAsync("readers", CancellationToken.None);
        await store.CreateRoleAsync("writers", CancellationToken.None);
        await store.SetPermissionsAsync("readers", [new(ResourceType.DataSource, ".*", ResourceAction.Read)], CancellationToken.None);
        foreach (var (user, role) in new[] { ("alice", "readers"), ("alice", "writers"), ("bob", "readers") })
        {
            await store.AssignRoleAsync(user, role, CancellationToken.None);
        }

        var roleDeleted = await store.DeleteRoleAsync("readers", CancellationToken.None);
        var userDeleted = await store.DeleteAuthorizationUserAsync("alice", CancellationToken.None);
        var unassigned = await store.UnassignRoleAsync("bob", "writers", CancellationToken.None);
        var state = await store.LoadAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((roleDeleted, userDeleted, unassigned), Is.EqualTo((true, true, false)));
            Assert.That(state.AuthorizationUsers.Keys, Is.EqualTo(new[] { "bob" }));
            Assert.That(state.AuthorizationUsers["bob"].Roles, Is.Empty);
            Assert.That(state.Roles.Keys, Is.EqualTo(new[] { "writers" }));
            Assert.That(Scalar("SELECT COUNT(*) FROM druid_user_roles"), Is.EqualTo(0L));
            Assert.That(Scalar("SELECT COUNT(*) FROM druid_permissions"), Is.EqualTo(0L));
            Assert.That(await store.DeleteRoleAsync("readers", CancellationToken.None), Is.False);
        });
    }

    [Test]
    public async Task CreateAdmin_MakesTheUserTheRoleAndTheAssignmentOnce()
    {
        var store = CreateStore();

        var first = await store.CreateAdminAsync("admin", Credential("one"), onlyIfNoUser: true, CancellationToken.None);
        var initialAgain = await store.CreateAdminAsync("root", Credential("two"), onlyIfNoUser: true, CancellationToken.None);
        var sameName = await store.CreateAdminAsync("admin", Credential("three"), onlyIfNoUser: false, CancellationToken.None);
        var second = await store.CreateAdminAsync("ops", Credential("four"), onlyIfNoUser: false, CancellationToken.None);
        var state = await store.LoadAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((first, initialAgain, sameName, second), Is.EqualTo((true, false, false, true)));
            Assert.That(state.AuthenticationUsers.Keys, Is.EquivalentTo(new[] { "admin", "ops" }));
            Assert.That(PasswordHasher.Verify("one", state.AuthenticationUsers["admin"].Credential!), Is.True, "the first password stays");
            Assert.That(state.AuthorizationUsers.Values.Select(u => u.Roles), Has.All.EqualTo(new[] { SecurityState.AdminRole }));
            Assert.That(state.Roles[SecurityState.AdminRole].Permissions, Is.EqualTo(Permission.All), "every permission, once");
        });
    }

    [Test]
    public async Task CreateAdmin_ByStoresAtOnce_CreatesOneInitialAdmin()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToList();
        await stores[0].InitializeAsync(CancellationToken.None);

        var outcomes = await Task.WhenAll(stores.Select((store, i) => store.CreateAdminAsync($"admin{i}", Credential("pw"), onlyIfNoUser: true, CancellationToken.None)));
        var state = await stores[0].LoadAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Count(created => created), Is.EqualTo(1));
            Assert.That(state.AuthenticationUsers, Has.Count.EqualTo(1));
            Assert.That(state.Roles[SecurityState.AdminRole].Permissions, Is.EqualTo(Permission.All));
        });
    }
}
