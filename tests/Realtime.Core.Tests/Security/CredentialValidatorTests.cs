using Realtime.Core.Security;

namespace Realtime.Core.Tests.Security;

public class CredentialValidatorTests
{
    private static readonly SecurityOptions Options = new() { PasswordIterations = 1_000, Internal = { Password = "internal-secret" } };

    private static async Task<CredentialValidator> ValidatorAsync(params AuthenticationUser[] users) =>
        new(await SecurityStates.CatalogAsync(SecurityStates.Of(users, [], []), Options), Microsoft.Extensions.Options.Options.Create(Options));

    [Test]
    public async Task Validate_TellsEachOutcomeApart()
    {
        var validator = await ValidatorAsync(
            new AuthenticationUser("alice", PasswordHasher.Hash("alice-pw", 1_000)),
            new AuthenticationUser("pending", null));

        Assert.Multiple(() =>
        {
            Assert.That(validator.Validate("alice", "alice-pw"), Is.EqualTo(LoginOutcome.Valid));
            Assert.That(validator.Validate("alice", "alice-pw"), Is.EqualTo(LoginOutcome.Valid), "again, from the remembered proof");
            Assert.That(validator.Validate("alice", "wrong"), Is.EqualTo(LoginOutcome.WrongPassword));
            Assert.That(validator.Validate("pending", "anything"), Is.EqualTo(LoginOutcome.NoPassword));
            Assert.That(validator.Validate("mallory", "anything"), Is.EqualTo(LoginOutcome.UnknownUser));
            Assert.That(validator.Validate("druid_system", "internal-secret"), Is.EqualTo(LoginOutcome.Internal));
            Assert.That(validator.Validate("druid_system", "guess"), Is.EqualTo(LoginOutcome.WrongPassword));
        });
    }

    [Test]
    public async Task Validate_AfterThePasswordChanges_RefusesTheOldOne()
    {
        var state = SecurityStates.Of([new AuthenticationUser("alice", PasswordHasher.Hash("old", 1_000))], [], []);
        var catalog = await SecurityStates.CatalogAsync(state, Options);
        var validator = new CredentialValidator(catalog, Microsoft.Extensions.Options.Options.Create(Options));
        Assert.That(validator.Validate("alice", "old"), Is.EqualTo(LoginOutcome.Valid));

        var changed = await SecurityStates.CatalogAsync(SecurityStates.Of([new AuthenticationUser("alice", PasswordHasher.Hash("new", 1_000))], [], []), Options);
        var revalidated = new CredentialValidator(changed, Microsoft.Extensions.Options.Options.Create(Options));

        Assert.Multiple(() =>
        {
            Assert.That(revalidated.Validate("alice", "old"), Is.EqualTo(LoginOutcome.WrongPassword));
            Assert.That(revalidated.Validate("alice", "new"), Is.EqualTo(LoginOutcome.Valid));
        });
    }

    [Test]
    public async Task TheInternalIdentityWithoutAPasswordIsAnOrdinaryName()
    {
        var options = new SecurityOptions { PasswordIterations = 1_000 };
        var validator = new CredentialValidator(await SecurityStates.CatalogAsync(SecurityStates.Of([], [], []), options), Microsoft.Extensions.Options.Options.Create(options));

        Assert.That(validator.Validate("druid_system", ""), Is.EqualTo(LoginOutcome.UnknownUser));
    }
}
