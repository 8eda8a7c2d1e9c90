using System.IO.Pipelines;
using System.Text;
using Realtime.Core.Sql;
using Realtime.Core.Sql.Http;

namespace Realtime.Core.Tests.Sql.Http;

public sealed class SqlResultWriterTests
{
    // 2013-08-31T01:02:33.000Z
    private const long Instant = 1377910953000;

    private static readonly SqlResult Result = new("q1",
        [
            new SqlColumn("__time", SqlColumnType.Timestamp),
            new SqlColumn("page", SqlColumnType.Varchar),
            new SqlColumn("added", SqlColumnType.Bigint),
            new SqlColumn("ratio", SqlColumnType.Double),
            new SqlColumn("robot", SqlColumnType.Boolean),
        ],
        [
            [Instant, "Gypsy Danger", 57L, 0.5, true],
            [null, null, null, double.NaN, false],
        ]);

    [Test]
    public async Task Object_writes_an_array_of_objects_ending_with_a_newline()
    {
        Assert.That(await WriteAsync(Result, new SqlResultLayout(SqlResultFormat.Object)), Is.EqualTo(
            """[{"__time":"2013-08-31T01:02:33.000Z","page":"Gypsy Danger","added":57,"ratio":0.5,"robot":true},"""
            + """{"__time":null,"page":null,"added":null,"ratio":null,"robot":false}]""" + "\n"));
    }

    [Test]
    public async Task Object_header_is_a_first_object_of_nulls_or_of_the_requested_types()
    {
        var names = new SqlResult("q", [new SqlColumn("page", SqlColumnType.Varchar), new SqlColumn("n", SqlColumnType.Bigint)], []);

        Assert.Multiple(async () =>
        {
            Assert.That(await WriteAsync(names, new SqlResultLayout(SqlResultFormat.Object, Header: true)),
                Is.EqualTo("""[{"page":null,"n":null}]""" + "\n"));
            Assert.That(await WriteAsync(names, new SqlResultLayout(SqlResultFormat.Object, true, TypesHeader: true, SqlTypesHeader: true)),
                Is.EqualTo("""[{"page":{"type":"STRING","sqlType":"VARCHAR"},"n":{"type":"LONG","sqlType":"BIGINT"}}]""" + "\n"));
            Assert.That(await WriteAsync(names, new SqlResultLayout(SqlResultFormat.Object, true, SqlTypesHeader: true)),
                Is.EqualTo("""[{"page":{"sqlType":"VARCHAR"},"n":{"sqlType":"BIGINT"}}]""" + "\n"));
        });
    }

    [Test]
    public async Task Array_writes_names_then_druid_types_then_sql_types_then_rows()
    {
        var written = await WriteAsync(Result, new SqlResultLayout(SqlResultFormat.Array, true, true, true));

        Assert.That(written, Is.EqualTo(
            """[["__time","page","added","ratio","robot"],["LONG","STRING","LONG","DOUBLE","LONG"],["TIMESTAMP","VARCHAR","BIGINT","DOUBLE","BOOLEAN"],"""
            + """["2013-08-31T01:02:33.000Z","Gypsy Danger",57,0.5,true],[null,null,null,null,false]]""" + "\n"));
    }

    [Test]
    public async Task Array_without_header_writes_only_rows()
    {
        Assert.That(await WriteAsync(Result, new SqlResultLayout(SqlResultFormat.Array)), Is.EqualTo(
            """[["2013-08-31T01:02:33.000Z","Gypsy Danger",57,0.5,true],[null,null,null,null,false]]""" + "\n"));
    }

    [Test]
    public async Task Lines_formats_end_every_row_with_a_newline_and_the_body_with_one_more()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await WriteAsync(Result, new SqlResultLayout(SqlResultFormat.ObjectLines)), Is.EqualTo(
                """{"__time":"2013-08-31T01:02:33.000Z","page":"Gypsy Danger","added":57,"ratio":0.5,"robot":true}""" + "\n"
                + """{"__time":null,"page":null,"added":null,"ratio":null,"robot":false}""" + "\n\n"));
            Assert.That(await WriteAsync(Result, new SqlResultLayout(SqlResultFormat.ArrayLines, Header: true, TypesHeader: true)), Is.EqualTo(
                """["__time","page","added","ratio","robot"]""" + "\n"
                + """["LONG","STRING","LONG","DOUBLE","LONG"]""" + "\n"
                + """["2013-08-31T01:02:33.000Z","Gypsy Danger",57,0.5,true]""" + "\n"
                + """[null,null,null,null,false]""" + "\n\n"));
            Assert.That(await WriteAsync(Result, new SqlResultLayout(SqlResultFormat.ObjectLines, Header: true)), Does.StartWith(
                """{"__time":null,"page":null,"added":null,"ratio":null,"robot":null}""" + "\n{"));
            Assert.That(await WriteAsync(Result with { Rows = [] }, new SqlResultLayout(SqlResultFormat.ArrayLines)), Is.EqualTo("\n"));
        });
    }

    [Test]
    public async Task Csv_quotes_fields_as_rfc_4180_does_and_ends_with_an_extra_newline()
    {
        var result = new SqlResult("q",
            [new SqlColumn("text", SqlColumnType.Varchar), new SqlColumn("n", SqlColumnType.Bigint), new SqlColumn("tags", SqlColumnType.Varchar)],
            [
                ["plain", 1L, new string?[] { "a", null }],
                ["comma, \"quoted\"\nline", null, null],
            ]);

        var written = await WriteAsync(result, new SqlResultLayout(SqlResultFormat.Csv, Header: true, TypesHeader: true, SqlTypesHeader: true));

        Assert.That(written, Is.EqualTo(
            "text,n,tags\nSTRING,LONG,STRING\nVARCHAR,BIGINT,VARCHAR\n"
            + "plain,1,\"[\"\"a\"\",null]\"\n"
            + "\"comma, \"\"quoted\"\"\nline\",,\n"
            + "\n"));
    }

    [Test]
    public async Task Csv_writes_timestamps_booleans_and_numbers_as_text()
    {
        Assert.That(await WriteAsync(Result, new SqlResultLayout(SqlResultFormat.Csv)), Is.EqualTo(
            "2013-08-31T01:02:33.000Z,Gypsy Danger,57,0.5,true\n,,,,false\n\n"));
    }

    [Test]
    public async Task Timestamps_and_dates_take_the_offset_of_sqlTimeZone()
    {
        var result = new SqlResult("q", [new SqlColumn("t", SqlColumnType.Timestamp), new SqlColumn("d", SqlColumnType.Date)], [[Instant, 1377907200000L]]);
        var losAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

        Assert.Multiple(async () =>
        {
            Assert.That(await WriteAsync(result, new SqlResultLayout(SqlResultFormat.Array), losAngeles),
                Is.EqualTo("""[["2013-08-30T18:02:33.000-07:00","2013-08-30T17:00:00.000-07:00"]]""" + "\n"));
            Assert.That(await WriteAsync(result, new SqlResultLayout(SqlResultFormat.Array)),
                Is.EqualTo("""[["2013-08-31T01:02:33.000Z","2013-08-31T00:00:00.000Z"]]""" + "\n"));
        });
    }

    [Test]
    public async Task Multi_value_strings_and_arrays_are_json_arrays_and_floats_numbers()
    {
        var result = new SqlResult("q",
            [new SqlColumn("tags", SqlColumnType.Varchar), new SqlColumn("list", SqlColumnType.Array), new SqlColumn("f", SqlColumnType.Float), new SqlColumn("inf", SqlColumnType.Double)],
            [[new string?[] { "a", null, "c" }, new object?[] { "x", 2L, null }, 1.5, double.PositiveInfinity]]);

        Assert.That(await WriteAsync(result, new SqlResultLayout(SqlResultFormat.Object)),
            Is.EqualTo("""[{"tags":["a",null,"c"],"list":["x",2,null],"f":1.5,"inf":null}]""" + "\n"));
    }

    [Test]
    public async Task Many_rows_stream_completely()
    {
        var rows = Enumerable.Range(0, 1000).Select(i => new object?[] { (long)i }).ToList();
        var written = await WriteAsync(new SqlResult("q", [new SqlColumn("n", SqlColumnType.Bigint)], rows), new SqlResultLayout(SqlResultFormat.ArrayLines));

        Assert.That(written, Is.EqualTo(string.Concat(Enumerable.Range(0, 1000).Select(i => $"[{i}]\n")) + "\n"));
    }

    private static async Task<string> WriteAsync(SqlResult result, SqlResultLayout layout, TimeZoneInfo? zone = null)
    {
        using var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        await SqlResultWriter.WriteAsync(pipe, result, layout, zone ?? TimeZoneInfo.Utc, CancellationToken.None);
        await pipe.CompleteAsync();
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
