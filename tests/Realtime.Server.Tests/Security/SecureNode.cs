using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.Core.Security;

namespace Realtime.Server.Tests.Security;

/// <summary>
/// The node's own <c>Program</c> in this process, on Kestrel on a loopback port (real HTTP), with security on, the
/// initial admin, and two pipelines over the Wikipedia sample: <c>wikipedia</c> and <c>secret</c>.
/// </summary>
internal sealed class SecureNode : IAsyncDisposable
{
    public const string AdminPassword = "admin-password";
    public const string Authenticator = "/druid-ext/basic-security/authentication/db/MyBasicMetadataAuthenticator";
    public const string Authorizer = "/druid-ext/basic-security/authorization/db/MyBasicMetadataAuthorizer";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly WebApplicationFactory<Program> _factory;
    private readonly NodeWorkspace _workspace;

    private SecureNode(WebApplicationFactory<Program> factory, NodeWorkspace workspace, CapturedLog log)
    {
        _factory = factory;
        _workspace = workspace;
        Log = log;
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address);
        Admin = Client(SecurityCatalog.InitialAdmin, AdminPassword);
    }

    public Uri Address { get; }

    public IServiceProvider Services => _factory.Services;

    public HttpClient Admin { get; }

    public CapturedLog Log { get; }

    /// <summary>The node's endpoints, from its routing table.</summary>
    public IReadOnlyList<RouteEndpoint> Endpoints => [.. Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    /// <summary>
    /// Starts the node with <paramref name="settings"/> over the defaults; <paramref name="services"/> may replace services
    /// after the node's own. A node with <c>Realtime:Role</c> set takes no spec.
    /// </summary>
    public static SecureNode Start(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var workspace = new NodeWorkspace();
        var all = new Dictionary<string, string>
        {
            ["Realtime:Storage:Directory"] = workspace.PathOf("data/deep-storage"),
            ["Realtime:Metadata:ConnectionString"] = $"Data Source={workspace.PathOf("data/metadata.db")}",
            ["Realtime:Serving:Directory"] = workspace.PathOf("data/segment-cache"),
            ["Realtime:Plugins:Directory"] = NodeWorkspace.Plugins,
            ["Realtime:Security:Enabled"] = "true",
            ["Realtime:Security:InitialAdminPassword"] = AdminPassword,
            ["Realtime:Security:PasswordIterations"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        if (!all.ContainsKey("Realtime:Role"))
        {
            all["Realtime:SpecFile"] = workspace.Write("spec.json", Spec(workspace));
        }

        var log = new CapturedLog();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in all)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureLogging(logging => logging.AddProvider(log));
            if (services is not null)
            {
                web.ConfigureTestServices(services);
            }
        });
        factory.UseKestrel(0);
        factory.StartServer();
        return new SecureNode(factory, workspace, log);
    }

    /// <summary>A client sending Basic credentials, or none; it does not follow redirects.</summary>
    public HttpClient Client(string? user = null, string? password = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = Basic(user, password ?? "");
        }

        return client;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Creates, through the admin API, a user with that password and a role of its own holding <paramref name="permissions"/>.</summary>
    public async Task CreateUserAsync(string name, string password, params Permission[] permissions)
    {
        await OkAsync(Admin.PostAsync($"{Authenticator}/users/{name}", null));
        await OkAsync(Admin.PostAsJsonAsync($"{Authenticator}/users/{name}/credentials", new { password }));
        await OkAsync(Admin.PostAsync($"{Authorizer}/users/{name}", null));
        await CreateRoleAsync($"{name}-role", permissions);
        await OkAsync(Admin.PostAsync($"{Authorizer}/users/{name}/roles/{name}-role", null));
    }

    /// <summary>Creates, through the admin API, a role holding <paramref name="permissions"/>.</summary>
    public async Task CreateRoleAsync(string name, params Permission[] permissions)
    {
        await OkAsync(Admin.PostAsync($"{Authorizer}/roles/{name}", null));
        var body = new JsonArray([.. permissions.Select(p => (JsonNode)new JsonObject
        {
            ["resource"] = new JsonObject { ["name"] = p.NamePattern, ["type"] = Permission.Name(p.Type) },
            ["action"] = Permission.Name(p.Action),
        })]);
        await OkAsync(Admin.PostAsync($"{Authorizer}/roles/{name}/permissions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")));
    }

    /// <summary>Waits until both pipelines have handed their segments off.</summary>
    public async Task WaitForPipelinesAsync()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            var status = await Admin.GetFromJsonAsync<JsonElement>("/status");
            if (status.GetProperty("pipelines").EnumerateArray().All(p => p.GetProperty("state").GetString() == "Finished"))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The pipelines did not finish.\n" + Log.Text);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _workspace.Dispose();
    }

    private static async Task OkAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    // The sample spec twice, as the data sources wikipedia and secret, persisting under the workspace.
    private static string Spec(NodeWorkspace workspace)
    {
        var wikipedia = JsonNode.Parse(IngestionEndToEndTests.WikipediaSpec(NodeWorkspace.SampleData("wikipedia_index_data.json")))!.AsArray()[0]!;
        var pipelines = new JsonArray();
        foreach (var dataSource in new[] { "wikipedia", "secret" })
        {
            var pipeline = wikipedia.DeepClone();
            pipeline["dataSchema"]!["dataSource"] = dataSource;
            pipeline["tuningConfig"]!["basePersistDirectory"] = workspace.PathOf("data/persist");
            pipelines.Add(pipeline);
        }

        return pipelines.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}

/// <summary>Every log message of the node, for tests of what it logs.</summary>
internal sealed class CapturedLog : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Join("\n", _lines);
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (log._lines)
            {
                log._lines.Add($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}");
            }
        }
    }
}
