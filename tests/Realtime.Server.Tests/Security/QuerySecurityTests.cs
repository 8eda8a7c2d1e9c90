using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Realtime.Core.Security;

namespace Realtime.Server.Tests.Security;

/// <summary>
/// Authorization of what queries read, through the node's HTTP endpoints with security on: native queries over data
/// sources the caller may not read, the data source listing, JWT bearer tokens, failed logins and the admin API.
/// </summary>
[NonParallelizable]
public class QuerySecurityTests
{
    private const string SigningKey = "a shared signing key of at least thirty-two bytes";

    private SecureNode _node = null!;

    [OneTimeSetUp]
    public async Task StartNode()
    {
        _node = SecureNode.Start(new Dictionary<string, string>
        {
            ["Realtime:Security:Jwt:SigningKey"] = SigningKey,
            ["Realtime:Security:Jwt:Issuer"] = "https://issuer.test",
            ["Realtime:Security:Jwt:Audience"] = "realtime",
            ["Realtime:Security:FailedLogins:FreeAttempts"] = "1000000",
        });
        await _node.WaitForPipelinesAsync();
        await _node.CreateUserAsync("reader", "reader-pw", new Permission(ResourceType.DataSource, "wikipedia", ResourceAction.Read));
        await _node.CreateRoleAsync("wiki-readers", new Permission(ResourceType.DataSource, "wiki.*", ResourceAction.Read));
    }

    [OneTimeTearDown]
    public async Task StopNode() => await _node.DisposeAsync();

    private static string Timeseries(string dataSource) =>
        $$"""{"queryType":"timeseries","dataSource":{{dataSource}},"intervals":["2013-08-31/2013-09-01"],"granularity":"all","aggregations":[{"type":"count","name":"rows"}]}""";

    [TestCase("\"secret\"", "secret")]
    [TestCase("{\"type\":\"table\",\"name\":\"secret\"}", "secret")]
    [TestCase("{\"type\":\"union\",\"dataSources\":[\"wikipedia\",\"secret\"]}", "secret")]
    public async Task AQueryReadingADataSourceTheUserMayNotReadIsRefusedWith403InDruidsShape(string dataSource, string refused)
    {
        using var reader = _node.Client("reader", "reader-pw");

        using var response = await reader.PostAsync("/druid/v2", Json(Timeseries(dataSource)));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Unauthorized request"));
            Assert.That(body.GetProperty("errorMessage").GetString(), Is.EqualTo($"User 'reader' may not READ DATASOURCE '{refused}'."));
            Assert.That(body.GetProperty("errorClass").GetString(), Is.EqualTo(typeof(AccessDeniedException).FullName));
            Assert.That(body.GetProperty("host").GetString(), Is.EqualTo(_node.Address.Authority));
        });
    }

    [Test]
    public async Task AQueryOverADataSourceTheUserMayReadAnswers()
    {
        using var reader = _node.Client("reader", "reader-pw");

        using var response = await reader.PostAsync("/druid/v2", Json(Timeseries("\"wikipedia\"")));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body[0].GetProperty("result").GetProperty("rows").GetInt64(), Is.EqualTo(5));
    }

    [Test]
    public async Task AnInvalidQueryIsStillA400ForAnAuthenticatedUser()
    {
        using var reader = _node.Client("reader", "reader-pw");

        using var response = await reader.PostAsync("/druid/v2", Json("""{"queryType":"timeseries"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task TheDataSourceListShowsOnlyWhatTheCallerMayRead()
    {
        using var reader = _node.Client("reader", "reader-pw");

        Assert.Multiple(async () =>
        {
            Assert.That(await reader.GetFromJsonAsync<string[]>("/druid/v2/datasources"), Is.EqualTo(new[] { "wikipedia" }));
            Assert.That(await _node.Admin.GetFromJsonAsync<string[]>("/druid/v2/datasources"), Is.EqualTo(new[] { "secret", "wikipedia" }));
            Assert.That((await reader.GetAsync("/druid/v2/datasources/secret")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task TheConsolesListsShowOnlyTheDataSourcesTheCallerMayRead()
    {
        using var reader = _node.Client("reader", "reader-pw");

        var segments = await reader.GetFromJsonAsync<JsonElement[]>("/console/api/segments");
        var specs = await reader.GetFromJsonAsync<JsonElement[]>("/console/api/specs");
        var allSpecs = await _node.Admin.GetFromJsonAsync<JsonElement[]>("/console/api/specs");

        Assert.Multiple(() =>
        {
            Assert.That(segments!.Select(s => s.GetProperty("dataSource").GetString()).Distinct(), Is.EqualTo(new[] { "wikipedia" }));
            Assert.That(specs!.Select(s => s.GetProperty("dataSource").GetString()), Is.EqualTo(new[] { "wikipedia" }));
            Assert.That(allSpecs!.Select(s => s.GetProperty("dataSource").GetString()), Is.EquivalentTo(new[] { "wikipedia", "secret" }));
        });
    }

    [Test]
    public async Task ABearerTokenAuthenticatesItsSubjectWithTheRolesItsClaimsName()
    {
        using var withRole = Bearer(Token("carol", ["wiki-readers"]));
        using var withoutRole = Bearer(Token("dave", []));
        using var forged = Bearer(Token("carol", ["wiki-readers"], key: "another key that is also thirty-two bytes long"));
        using var expired = Bearer(Token("carol", ["wiki-readers"], expires: DateTime.UtcNow.AddMinutes(-10)));

        using var allowed = await withRole.PostAsync("/druid/v2", Json(Timeseries("\"wikipedia\"")));
        using var refused = await withRole.PostAsync("/druid/v2", Json(Timeseries("\"secret\"")));
        using var noRole = await withoutRole.PostAsync("/druid/v2", Json(Timeseries("\"wikipedia\"")));
        using var badSignature = await forged.PostAsync("/druid/v2", Json(Timeseries("\"wikipedia\"")));
        using var tooLate = await expired.PostAsync("/druid/v2", Json(Timeseries("\"wikipedia\"")));
        var metrics = await _node.Admin.GetStringAsync("/metrics");

        Assert.Multiple(async () =>
        {
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await allowed.Content.ReadAsStringAsync());
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("User 'carol' may not READ DATASOURCE 'secret'."));
            Assert.That(noRole.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(badSignature.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(tooLate.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(ServerProcess.Counter(metrics, "realtime_security_login_failures_total"), Is.GreaterThanOrEqualTo(2));
            Assert.That(metrics, Does.Contain("reason=\"invalid_token\",scheme=\"bearer\""));
        });
    }

    [Test]
    public async Task ChatHandlersAreToldTheAuthorizedCaller()
    {
        using var writer = await WriterAsync("pusher");
        using var handler = _node.Services.GetRequiredService<Realtime.Core.Hosting.ChatHandlerRegistry>().For("wikipedia").Register("echo-caller", new EchoCaller());

        using var pushed = await writer.PostAsync("/druid/worker/v1/chat/echo-caller/push-events", Json("[]"));
        using var refused = await _node.Client("reader", "reader-pw").PostAsync("/druid/worker/v1/chat/echo-caller/push-events", Json("[]"));

        Assert.Multiple(async () =>
        {
            Assert.That(await pushed.Content.ReadAsStringAsync(), Is.EqualTo("""{"user":"pusher"}"""));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await refused.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"User 'reader' may not WRITE DATASOURCE 'wikipedia'."}"""));
        });
    }

    [Test]
    public async Task TheAdminApiRefusesWhatDruidsRefusesWithItsMessages()
    {
        await _node.CreateUserAsync("twice", "pw");

        Assert.Multiple(async () =>
        {
            Assert.That(await ErrorAsync(_node.Admin.PostAsync($"{SecureNode.Authenticator}/users/twice", null)), Is.EqualTo("User [twice] already exists."));
            Assert.That(await ErrorAsync(_node.Admin.DeleteAsync($"{SecureNode.Authorizer}/roles/missing")), Is.EqualTo("Role [missing] does not exist."));
            Assert.That(await ErrorAsync(_node.Admin.PostAsync($"{SecureNode.Authorizer}/users/nobody/roles/twice-role", null)), Is.EqualTo("User [nobody] does not exist."));
            Assert.That(await ErrorAsync(_node.Admin.PostAsync($"{SecureNode.Authorizer}/users/twice/roles/twice-role", null)), Is.EqualTo("User [twice] already has role [twice-role]."));
            Assert.That(await ErrorAsync(_node.Admin.PostAsync($"{SecureNode.Authenticator}/users/druid_system", null)), Does.Contain("internal identity"));
            Assert.That(await ErrorAsync(_node.Admin.GetAsync("/druid-ext/basic-security/authentication/db/Other/users")), Is.EqualTo("Basic authenticator with name [Other] does not exist."));
            Assert.That(await ErrorAsync(_node.Admin.PostAsync($"{SecureNode.Authorizer}/roles/twice-role/permissions", Json("""[{"resource":{"name":"x","type":"VIEW"},"action":"READ"}]"""))),
                Does.StartWith("Permission 0: 'VIEW' is not a resource type"));
            Assert.That(await _node.Admin.GetStringAsync($"{SecureNode.Authenticator}/users/twice"), Is.EqualTo("""{"name":"twice","credentials":{"iterations":1000}}"""));
            Assert.That(await _node.Admin.GetStringAsync("/druid-ext/basic-security/authorization/loadStatus"), Is.EqualTo("""{"MyBasicMetadataAuthorizer":true}"""));
        });

        await _node.Admin.DeleteAsync($"{SecureNode.Authenticator}/users/twice");
        using var deleted = _node.Client("twice", "pw");
        Assert.That((await deleted.GetAsync("/druid/v2/datasources")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a deleted user cannot sign in");
    }

    [Test]
    public async Task AFailedLoginIsCountedAndLoggedWithoutThePassword()
    {
        using var guesser = _node.Client("reader", "not-the-reader-password");

        using var response = await guesser.GetAsync("/druid/v2/datasources");
        var metrics = await _node.Admin.GetStringAsync("/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Basic realm=\"realtime\""));
            Assert.That(metrics, Does.Contain("reason=\"wrong_password\",scheme=\"basic\""));
            Assert.That(_node.Log.Text, Does.Contain("Failed Basic login as 'reader' from 127.0.0.1: wrong password"));
            Assert.That(_node.Log.Text, Does.Not.Contain("not-the-reader-password"));
        });
    }

    private async Task<HttpClient> WriterAsync(string name)
    {
        await _node.CreateUserAsync(name, "pw", new Permission(ResourceType.DataSource, "wikipedia", ResourceAction.Write));
        return _node.Client(name, "pw");
    }

    private static async Task<string?> ErrorAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private HttpClient Bearer(string token)
    {
        var client = _node.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Token(string subject, string[] roles, string key = SigningKey, DateTime? expires = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://issuer.test",
        Audience = "realtime",
        Claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = roles },
        NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(5)).AddMinutes(-30),
        Expires = expires ?? DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
    });

    private sealed class EchoCaller : Realtime.Abstractions.Chat.IChatHandler
    {
        public ValueTask<Realtime.Abstractions.Chat.ChatResponse> HandleAsync(Realtime.Abstractions.Chat.ChatRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Realtime.Abstractions.Chat.ChatResponse.Json(200, new { user = request.User?.Identity?.Name }));
    }
}
