using Realtime.Core.Query;
using Realtime.Core.Sql.Http;

namespace Realtime.Core.Tests.Sql.Http;

public sealed class SqlHttpQueryTests
{
    [Test]
    public void Reads_every_field_of_the_json_request()
    {
        var query = SqlHttpQuery.Parse(
            """{"query":"SELECT ?","resultFormat":"ARRAYlines","header":true,"typesHeader":true,"sqlTypesHeader":false,"context":{"sqlQueryId":"q1"},"parameters":[{"type":"VARCHAR","value":"foo"}]}""",
            "application/json; charset=utf-8");

        Assert.Multiple(() =>
        {
            Assert.That(query.Query, Is.EqualTo("SELECT ?"));
            Assert.That(query.Layout, Is.EqualTo(new SqlResultLayout(SqlResultFormat.ArrayLines, true, true, false)));
            Assert.That(query.Context!["sqlQueryId"]!.GetValue<string>(), Is.EqualTo("q1"));
            Assert.That(query.Parameters!.Select(p => (p.Type, p.Value!.GetValue<string>())), Is.EqualTo(new[] { ("VARCHAR", "foo") }));
        });
    }

    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase(null)]
    public void Any_other_body_is_the_sql_itself_in_the_object_format(string? contentType)
    {
        var query = SqlHttpQuery.Parse("SELECT 1\n", contentType);

        Assert.That((query.Query, query.Layout, query.Parameters, query.Context), Is.EqualTo(("SELECT 1", SqlResultLayout.Default, (object?)null, (object?)null)));
    }

    [TestCase("{\"query\":", "JSON")]
    [TestCase("[]", "JSON object")]
    [TestCase("{}", "'query'")]
    [TestCase("{\"query\":1}", "'query'")]
    [TestCase("{\"query\":\"SELECT 1\",\"resultFormat\":\"xml\"}", "'resultFormat'")]
    [TestCase("{\"query\":\"SELECT 1\",\"typesHeader\":true}", "'typesHeader'")]
    [TestCase("{\"query\":\"SELECT 1\",\"header\":false,\"sqlTypesHeader\":true}", "'sqlTypesHeader'")]
    [TestCase("{\"query\":\"SELECT 1\",\"header\":\"yes\"}", "'header'")]
    [TestCase("{\"query\":\"SELECT 1\",\"context\":[]}", "'context'")]
    [TestCase("{\"query\":\"SELECT 1\",\"parameters\":{}}", "'parameters'")]
    [TestCase("{\"query\":\"SELECT ?\",\"parameters\":[\"foo\"]}", "'parameters[0]'")]
    [TestCase("{\"query\":\"SELECT ?\",\"parameters\":[{\"value\":\"foo\"}]}", "'parameters[0]'")]
    public void A_malformed_request_is_invalid_and_the_message_names_the_field(string body, string named)
    {
        var error = Assert.Throws<InvalidQueryException>(() => SqlHttpQuery.Parse(body, "application/json"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain(named));
            Assert.That(error.StatusCode, Is.EqualTo(400));
        });
    }
}
