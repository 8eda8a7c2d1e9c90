using System.Diagnostics;
using System.Net;

namespace Realtime.Server.Tests.Security;

/// <summary>A burst of failed logins from one address is slowed down, over real HTTP.</summary>
[NonParallelizable]
public class LoginThrottlingTests
{
    [Test]
    public async Task LoginsFromAnAddressWithABurstOfFailuresWaitLongerAndLonger()
    {
        await using var node = SecureNode.Start(new Dictionary<string, string>
        {
            ["Realtime:Security:FailedLogins:FreeAttempts"] = "2",
            ["Realtime:Security:FailedLogins:FirstDelay"] = "00:00:00.400",
        });
        using var guesser = node.Client("admin", "guess");

        var times = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.StartNew();
            using var response = await guesser.GetAsync("/status");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            times.Add(started.Elapsed);
        }

        Assert.Multiple(() =>
        {
            Assert.That(times[..3], Has.All.LessThan(TimeSpan.FromMilliseconds(350)), "the free attempts answer at once");
            Assert.That(times[3], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400)));
            Assert.That(times[4], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(800)));
            Assert.That(node.Log.Text, Does.Contain("Slowing down logins from 127.0.0.1: 3 failed within 00:01:00"));
        });
    }
}
