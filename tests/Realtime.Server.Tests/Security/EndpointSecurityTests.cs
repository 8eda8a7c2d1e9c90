using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Chat;
using Realtime.Core.Broker;
using Realtime.Core.Hosting;
using Realtime.Core.Query;
using Realtime.Core.Query.Model;
using Realtime.Core.Security;

namespace Realtime.Server.Tests.Security;

/// <summary>
/// Every endpoint of the node, read from its routing table, over real HTTP with security on: without credentials,
/// with wrong ones, as a user holding every permission but the one the endpoint's policy names, and as a user holding
/// only that one. An endpoint without a policy, or without a sample request below, fails the test.
/// </summary>
[NonParallelizable]
public class EndpointSecurityTests
{
    private const string Query = """{"queryType":"timeseries","dataSource":"wikipedia","intervals":["2013-08-31/2013-09-01"],"granularity":"all","aggregations":[{"type":"count","name":"rows"}]}""";

    private const string Sql = """{"query":"SELECT COUNT(*) FROM wikipedia"}""";

    /// <summary>A request for each endpoint, keyed by method and route pattern, with the resource its policy is about.</summary>
    private static readonly Sample[] Samples =
    [
        new("GET", "/status/health", "/status/health", Resource: null),
        new("GET", "/status", "/status", Permission.StateResource),
        new("*", "/metrics", "/metrics", Permission.StateResource, Send: "GET"),
        new("POST", "/druid/v2", "/druid/v2", "wikipedia", Query),
        new("GET", "/druid/v2/datasources", "/druid/v2/datasources", "wikipedia", Listing: true),
        new("GET", "/druid/v2/datasources/{dataSource}", "/druid/v2/datasources/wikipedia", "wikipedia"),
        new("DELETE", "/druid/v2/{queryId}", $"/druid/v2/{RunningQuery.Id}", "wikipedia"),
        new("POST", "/druid/v2/sql", "/druid/v2/sql", "wikipedia", Sql),
        new("DELETE", "/druid/v2/sql/{sqlQueryId}", $"/druid/v2/sql/{RunningQuery.Id}", "wikipedia"),
        new("*", ChatEndpoints.Pattern, "/druid/worker/v1/chat/wikipedia-push/push-events", "wikipedia", "[]", Send: "POST"),
        new("GET", "/druid/broker/v1/loadstatus", "/druid/broker/v1/loadstatus", Permission.StateResource),
        new("GET", "/druid/v2/datasources/{dataSource}/candidates", "/druid/v2/datasources/wikipedia/candidates", "wikipedia"),
        new("GET", "/", "/", Resource: null),
        new("GET", "/console/api/segments", "/console/api/segments", "wikipedia", Listing: true),
        new("GET", "/console/api/specs", "/console/api/specs", "wikipedia", Listing: true),
        .. Admin("authentication/loadStatus", "GET"),
        .. Admin("authentication/refreshAll", "POST"),
        .. Admin("authorization/loadStatus", "GET"),
        .. Admin("authorization/refreshAll", "POST"),
        .. Admin("authentication/db/{authenticatorName}/users", "GET"),
        .. Admin("authentication/db/{authenticatorName}/users/{userName}", "GET", "POST", "DELETE"),
        .. Admin("authentication/db/{authenticatorName}/users/{userName}/credentials", "POST"),
        .. Admin("authorization/db/{authorizerName}/users", "GET"),
        .. Admin("authorization/db/{authorizerName}/users/{userName}", "GET", "POST", "DELETE"),
        .. Admin("authorization/db/{authorizerName}/users/{userName}/roles/{roleName}", "POST", "DELETE"),
        .. Admin("authorization/db/{authorizerName}/roles", "GET"),
        .. Admin("authorization/db/{authorizerName}/roles/{roleName}", "GET", "POST", "DELETE"),
        .. Admin("authorization/db/{authorizerName}/roles/{roleName}/permissions", "GET", "POST"),
    ];

    private ZooKeeperServer? _zooKeeper;

    [OneTimeTearDown]
    public async Task StopZooKeeper()
    {
        if (_zooKeeper is not null)
        {
            await _zooKeeper.DisposeAsync();
        }
    }

    [Test]
    public async Task EveryEndpointOfARealtimeNodeRefusesAnyoneWithoutItsPermission()
    {
        await using var node = SecureNode.Start(Settings(), services => services.AddSingleton<IQueryExecutor>(sp => new RunningQuery(sp.GetRequiredService<QueryExecutor>())));
        await node.WaitForPipelinesAsync();

        await CheckEveryEndpointAsync(node, minimum: 8);
    }

    [Test]
    public async Task EveryEndpointOfABrokerRefusesAnyoneWithoutItsPermission()
    {
        _zooKeeper = await ZooKeeperServer.StartAsync();
        var settings = Settings();
        settings["Realtime:Role"] = "broker";
        settings["Realtime:ZooKeeper:Hosts"] = _zooKeeper.ConnectString;
        await using var node = SecureNode.Start(settings, services => services.AddSingleton<IQueryExecutor>(sp => new RunningQuery(sp.GetRequiredService<ClusterQueryExecutor>())));

        await CheckEveryEndpointAsync(node, minimum: 10);
    }

    private static Dictionary<string, string> Settings() => new() { ["Realtime:Security:FailedLogins:FreeAttempts"] = "1000000" };

    private static async Task CheckEveryEndpointAsync(SecureNode node, int minimum)
    {
        using var handler = node.Services.GetRequiredService<ChatHandlerRegistry>().For("wikipedia").Register("wikipedia-push", new AcceptingChatHandler());
        var endpoints = node.Endpoints;
        var unsecured = endpoints.Where(e => e.Metadata.GetMetadata<EndpointAccess>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null).Select(Key).ToList();
        var unsampled = endpoints.Select(Key).Where(key => Samples.All(s => s.Key != key)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(endpoints, Has.Count.GreaterThanOrEqualTo(minimum), "the routing table was read");
            Assert.That(unsecured, Is.Empty, "every endpoint declares a policy: RequireResource, RequireRouteResource, RequireResourceCheckedByHandler or AllowEveryone");
            Assert.That(unsampled, Is.Empty, "every endpoint has a sample request in EndpointSecurityTests.Samples");
        });

        var users = new Dictionary<(ResourceType, string, ResourceAction), (string Right, string Lacking)>();
        var outcomes = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var sample = Samples.Single(s => s.Key == Key(endpoint));
            var access = endpoint.Metadata.GetMetadata<EndpointAccess>();
            using var anonymous = await SendAsync(node.Client(), sample);
            using var wrong = await SendAsync(node.Client("admin", "wrong-password"), sample);
            if (access is null)
            {
                outcomes.Add(Allowed(sample, "no credentials", anonymous));
                outcomes.Add(Allowed(sample, "wrong credentials", wrong));
                continue;
            }

            var requirement = (access.Type, sample.Resource!, access.Action);
            if (!users.TryGetValue(requirement, out var pair))
            {
                pair = ($"right-{users.Count}", $"lacking-{users.Count}");
                await node.CreateUserAsync(pair.Right, "right-password", new Permission(access.Type, sample.Resource!, access.Action));
                await node.CreateUserAsync(pair.Lacking, "lacking-password", [.. AllBut(access.Type, sample.Resource!, access.Action)]);
                users[requirement] = pair;
            }

            using var lacking = await SendAsync(node.Client(pair.Lacking, "lacking-password"), sample);
            using var right = await SendAsync(node.Client(pair.Right, "right-password"), sample);
            outcomes.Add(Expect(sample, "no credentials", anonymous, HttpStatusCode.Unauthorized));
            outcomes.Add(Expect(sample, "wrong credentials", wrong, HttpStatusCode.Unauthorized));
            outcomes.Add(sample.Listing
                ? Expect(sample, $"without {access}", lacking, HttpStatusCode.OK, body => !body.Contains($"\"{sample.Resource}\"", StringComparison.Ordinal))
                : Expect(sample, $"without {access}", lacking, HttpStatusCode.Forbidden));
            outcomes.Add(Allowed(sample, $"with {access}", right));
        }

        Assert.That(outcomes.Where(o => o.Length > 0), Is.Empty);
    }

    private static string Key(RouteEndpoint endpoint) =>
        $"{string.Join(",", endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])} {endpoint.RoutePattern.RawText}";

    private static IEnumerable<Sample> Admin(string pattern, params string[] methods) => methods.Select(method => new Sample(
        method,
        $"{SecurityEndpoints.Prefix}/{pattern}",
        $"{SecurityEndpoints.Prefix}/{pattern}".Replace("{authenticatorName}", "MyBasicMetadataAuthenticator").Replace("{authorizerName}", "MyBasicMetadataAuthorizer")
            .Replace("{userName}", "sample-user").Replace("{roleName}", "sample-role"),
        Permission.SecurityResource,
        pattern.EndsWith("credentials", StringComparison.Ordinal) ? """{"password":"sample"}""" : pattern.EndsWith("permissions", StringComparison.Ordinal) ? "[]" : null));

    // Every permission except the one: the other action on the resource, another resource of its type, every other type.
    private static IEnumerable<Permission> AllBut(ResourceType type, string name, ResourceAction action) =>
        Permission.All.Where(p => p.Type != type)
            .Append(new Permission(type, name, action == ResourceAction.Read ? ResourceAction.Write : ResourceAction.Read))
            .Append(new Permission(type, "not-" + name, action));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Sample sample)
    {
        using (client)
        {
            using var request = new HttpRequestMessage(new HttpMethod(sample.Send ?? sample.Method), sample.Path);
            if (sample.Body is not null)
            {
                request.Content = new StringContent(sample.Body, Encoding.UTF8, "application/json");
            }

            return await client.SendAsync(request);
        }
    }

    private static string Allowed(Sample sample, string who, HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"{sample.Key} {who}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}"
            : "";

    private static string Expect(Sample sample, string who, HttpResponseMessage response, HttpStatusCode status, Func<string, bool>? body = null)
    {
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return response.StatusCode == status && (body?.Invoke(text) ?? true) ? "" : $"{sample.Key} {who}: expected {(int)status}, got {(int)response.StatusCode} {text}";
    }

    /// <summary>
    /// A request for an endpoint: method (<c>*</c> for any) and route pattern as the routing table has them, the path and
    /// body to send, the resource the policy names, whether the endpoint lists resources (then a caller without the
    /// permission gets the list without it), and the method to send when the endpoint takes any.
    /// </summary>
    private sealed record Sample(string Method, string Pattern, string Path, string? Resource, string? Body = null, bool Listing = false, string? Send = null)
    {
        public string Key => $"{Method} {Pattern}";
    }

    private sealed class AcceptingChatHandler : IChatHandler
    {
        public ValueTask<ChatResponse> HandleAsync(ChatRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ChatResponse.Json(200, new { user = request.User?.Identity?.Name }));
    }

    /// <summary>The node's executor, with one query always running over <c>wikipedia</c> (for the cancel endpoint), which it therefore knows.</summary>
    private sealed class RunningQuery(IQueryExecutor inner) : IQueryExecutor
    {
        public const string Id = "running-query";

        public IReadOnlyCollection<string> DataSources => [.. inner.DataSources.Union(["wikipedia"])];

        public Task<QueryResponse> ExecuteAsync(string json, CancellationToken cancellationToken = default) => inner.ExecuteAsync(json, cancellationToken);

        public Task<QueryResponse> ExecuteAsync(string json, Action<Query> authorize, CancellationToken cancellationToken = default) => inner.ExecuteAsync(json, authorize, cancellationToken);

        public bool Cancel(string queryId) => queryId == Id || inner.Cancel(queryId);

        public IReadOnlyList<string>? DataSourcesOf(string queryId) => queryId == Id ? ["wikipedia"] : inner.DataSourcesOf(queryId);

        public DataSourceColumns? DescribeDataSource(string dataSource) => inner.DescribeDataSource(dataSource);
    }
}
