using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// <c>POST /druid/v2/sql</c> and its cancel endpoints on the node's own <c>Program</c> in this process (no spec, security
/// off): request validation, the query id header, raw SQL bodies, result formats and cancelling.
/// </summary>
[NonParallelizable]
public sealed class SqlEndpointTests
{
    private NodeWorkspace _workspace = null!;
    private WebApplicationFactory<Program> _node = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public void StartNode()
    {
        _workspace = new NodeWorkspace();
        var settings = new Dictionary<string, string>
        {
            ["Realtime:Storage:Directory"] = _workspace.PathOf("data/deep-storage"),
            ["Realtime:Metadata:ConnectionString"] = $"Data Source={_workspace.PathOf("data/metadata.db")}",
            ["Realtime:Serving:Directory"] = _workspace.PathOf("data/segment-cache"),
            ["Realtime:Plugins:Directory"] = NodeWorkspace.Plugins,
        };
        _node = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        _http = _node.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopNode()
    {
        _http.Dispose();
        await _node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _workspace.Dispose();
    }

    [TestCase("{\"query\":", "JSON")]
    [TestCase("{\"resultFormat\":\"array\"}", "'query'")]
    [TestCase("{\"query\":\"SELECT 1\",\"resultFormat\":\"xml\"}", "'resultFormat'")]
    [TestCase("{\"query\":\"SELECT 1\",\"typesHeader\":true}", "'typesHeader'")]
    [TestCase("{\"query\":\"SELECT ?\",\"parameters\":[\"foo\"]}", "'parameters[0]'")]
    public async Task A_malformed_request_is_a_400_in_druids_shape_naming_the_field(string body, string named)
    {
        using var response = await PostJsonAsync("/druid/v2/sql", body);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(error.Select(p => p.Key), Is.EquivalentTo(new[] { "error", "errorMessage", "errorClass", "host" }));
            Assert.That(error["error"]!.GetValue<string>(), Is.EqualTo("Invalid query"));
            Assert.That(error["errorMessage"]!.GetValue<string>(), Does.Contain(named));
        });
    }

    [Test]
    public async Task Every_statement_carries_its_sql_query_id_given_or_generated()
    {
        using var given = await PostJsonAsync("/druid/v2/sql/", """{"query":"SELECT 1","context":{"sqlQueryId":"sql-id-1"}}""");
        using var generated = await PostJsonAsync("/druid/v2/sql", """{"query":"SELECT 1"}""");

        Assert.Multiple(() =>
        {
            Assert.That(given.Headers.GetValues("X-Druid-SQL-Query-Id"), Is.EqualTo(new[] { "sql-id-1" }));
            Assert.That(Guid.TryParse(generated.Headers.GetValues("X-Druid-SQL-Query-Id").Single(), out _), Is.True);
        });
    }

    // Needs the SQL engine.
    [Test]
    public async Task A_text_plain_body_is_the_sql_and_answers_in_the_object_format()
    {
        using var response = await _http.PostAsync("/druid/v2/sql", new StringContent("SELECT 1 AS one", Encoding.UTF8, "text/plain"));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("[{\"one\":1}]\n"));
        });
    }

    // Needs the SQL engine.
    [Test]
    public async Task Csv_with_headers_says_so_and_ends_with_an_extra_newline()
    {
        using var response = await PostJsonAsync("/druid/v2/sql",
            """{"query":"SELECT 'a,b' AS s, 2 AS n","resultFormat":"CSV","header":true,"typesHeader":true,"sqlTypesHeader":true}""");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            Assert.That(response.Headers.GetValues("X-Druid-SQL-Header-Included"), Is.EqualTo(new[] { "yes" }));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("s,n\nSTRING,LONG\nVARCHAR,BIGINT\n\"a,b\",2\n\n"));
        });
    }

    // Needs the SQL engine.
    [Test]
    public async Task An_invalid_statement_is_a_400_with_druids_planning_error_code()
    {
        using var response = await PostJsonAsync("/druid/v2/sql", """{"query":"SELEC 1"}""");
        var error = JsonSerializer.Deserialize<JsonObject>(await response.Content.ReadAsStringAsync())!;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(error["error"]!.GetValue<string>(), Is.EqualTo("SQL parse failed"));
            Assert.That(response.Headers.Contains("X-Druid-SQL-Query-Id"), Is.True);
        });
    }

    // Needs the SQL engine.
    [TestCase("/druid/v2/sql/no-such-query")]
    [TestCase("/druid/v2/no-such-query")]
    public async Task Cancelling_an_unknown_id_is_a_404(string path)
    {
        using var response = await _http.DeleteAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string body) =>
        _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
}
