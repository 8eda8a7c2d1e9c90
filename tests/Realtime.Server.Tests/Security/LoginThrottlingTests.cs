using System.Net;

namespace Realtime.Server.Tests.Security;

/// <summary>
/// Failed logins over real HTTP reach the node's login throttle. How long each login then waits is the throttle's own
/// arithmetic on a clock, covered without wall-clock time by <c>LoginThrottleTests</c> in the Core tests.
/// </summary>
[NonParallelizable]
public class LoginThrottlingTests
{
    [Test]
    public async Task ABurstOfFailedLoginsFromAnAddressIsCountedAndSlowedDown()
    {
        await using var node = SecureNode.Start(new Dictionary<string, string>
        {
            ["Realtime:Security:FailedLogins:FreeAttempts"] = "2",
            ["Realtime:Security:FailedLogins:FirstDelay"] = "00:00:00.050",
        });
        using var guesser = node.Client("admin", "guess");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await guesser.GetAsync("/status");
            statuses.Add(response.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.Unauthorized), "a slowed-down login is still refused, never let through");
            Assert.That(node.Log.Text, Does.Contain("Slowing down logins from 127.0.0.1: 3 failed within 00:01:00"), "the third failure within the window starts the delays");
        });
    }
}
