using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Realtime.Server.Tests.Security;

/// <summary><c>Realtime.Server create-admin</c>, the command that makes the first administrator, run as a process.</summary>
[NonParallelizable]
public class CreateAdminCommandTests
{
    [Test]
    public async Task CreateAdminMakesAnAdministratorOnceThatASecuredNodeThenAccepts()
    {
        using var workspace = new NodeWorkspace();
        string[] metadata = ["--Realtime:Metadata:ConnectionString", $"Data Source={workspace.PathOf("data/metadata.db")}", "--Realtime:Security:PasswordIterations", "1000"];

        var (created, createdOutput) = await ServerProcess.RunAsync(workspace.Directory, "root-password\n", ["create-admin", "--user", "root", .. metadata]);
        var (again, againOutput) = await ServerProcess.RunAsync(workspace.Directory, "other-password\n", ["create-admin", "--user", "root", .. metadata]);
        var (empty, emptyOutput) = await ServerProcess.RunAsync(workspace.Directory, "\n", ["create-admin", "--user", "ops", .. metadata]);
        var idle = IngestionEndToEndTests.IdleSpec(workspace);
        await using var node = workspace.Start(idle, [.. metadata, "--Realtime:Security:Enabled", "true"]);
        node.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("root:root-password")));
        await node.WaitForPipelinesAsync("Finished");
        using var anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress };

        Assert.Multiple(async () =>
        {
            Assert.That(created, Is.EqualTo(0), createdOutput);
            Assert.That(createdOutput, Does.Contain("Created the administrator 'root' with role 'admin'.").And.Not.Contain("root-password"));
            Assert.That(again, Is.EqualTo(1));
            Assert.That(againOutput, Does.Contain("Realtime could not create the administrator: User [root] already exists."));
            Assert.That(empty, Is.EqualTo(1));
            Assert.That(emptyOutput, Does.Contain("Invalid password: it must not be empty."));
            Assert.That((await anonymous.GetAsync("/status")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(node.Output, Does.Not.Contain("root-password"));
        });
    }
}
