using Realtime.Core.Security;

namespace Realtime.Core.Tests.Security;

public class PasswordHasherTests
{
    [Test]
    public void Hash_VerifiesItsPasswordOnly_WithASaltOfItsOwn()
    {
        var first = PasswordHasher.Hash("correct horse", 1_000);
        var second = PasswordHasher.Hash("correct horse", 1_000);

        Assert.Multiple(() =>
        {
            Assert.That(PasswordHasher.Verify("correct horse", first), Is.True);
            Assert.That(PasswordHasher.Verify("correct horsE", first), Is.False);
            Assert.That(PasswordHasher.Verify("", first), Is.False);
            Assert.That(first.Salt, Has.Length.EqualTo(32));
            Assert.That(first.Hash, Has.Length.EqualTo(64));
            Assert.That(first.Salt, Is.Not.EqualTo(second.Salt), "a salt per password");
            Assert.That(first.Hash, Is.Not.EqualTo(second.Hash));
        });
    }

    [Test]
    public void Hash_ByDefault_UsesOwaspsIterationCountForSha512()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PasswordHasher.DefaultIterations, Is.EqualTo(210_000));
            Assert.That(new SecurityOptions().PasswordIterations, Is.EqualTo(PasswordHasher.DefaultIterations));
            Assert.That(() => PasswordHasher.Hash("pw", 999), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => PasswordHasher.Hash("", 1_000), Throws.ArgumentException);
        });
    }

    [Test]
    public void Verify_UsesTheIterationsTheCredentialWasMadeWith()
    {
        var credential = PasswordHasher.Hash("pw", 1_500);

        Assert.That(PasswordHasher.Verify("pw", credential with { Iterations = 1_000 }), Is.False);
    }
}
