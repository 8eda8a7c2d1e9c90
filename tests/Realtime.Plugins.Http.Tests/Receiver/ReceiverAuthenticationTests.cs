using System.Text;
using Realtime.Plugins.Http.Receiver;

namespace Realtime.Plugins.Http.Tests.Receiver;

public sealed class ReceiverAuthenticationTests
{
    private static readonly ReceiverAuthentication Bearer = new() { BearerToken = "s3cret" };
    private static readonly ReceiverAuthentication Basic = new() { Username = "admin", Password = "pw" };

    [Test]
    public void The_configured_credentials_let_a_request_through()
    {
        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => Bearer.Authenticate("bearer  s3cret "));
            Assert.DoesNotThrow(() => Basic.Authenticate("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:pw"))));
        });
    }

    [TestCase(null, 401)]
    [TestCase(" ", 401)]
    [TestCase("Basic czNjcmV0", 401)]
    [TestCase("Bearer s3cre", 403)]
    public void Missing_or_wrong_credentials_are_refused(string? authorization, int status)
    {
        var refused = Assert.Throws<PushRejectedException>(() => Bearer.Authenticate(authorization));

        Assert.That(refused!.StatusCode, Is.EqualTo(status));
    }

    [Test]
    public void The_challenge_names_the_configured_scheme()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Bearer.Challenge, Is.EqualTo("Bearer realm=\"realtime\""));
            Assert.That(Basic.Challenge, Is.EqualTo("Basic realm=\"realtime\""));
        });
    }
}
