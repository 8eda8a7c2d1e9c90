using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Firehoses;

namespace Realtime.Core.Tests.Firehoses;

public sealed class LocalFirehoseFactoryTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("realtime-local-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Reads_matching_files_under_nested_directories_in_path_order()
    {
        Write("b.json", "b1\nb2\n");
        Write("a/x.json", "a1\n");
        Write("a/y.txt", "not matched\n");
        Write("c/d/e.json", "e1\n");

        Assert.That(await ReadLines("*.json"), Is.EqualTo(new[] { "a1", "b1", "b2", "e1" }));
    }

    [Test]
    public async Task The_filter_is_a_wildcard_on_file_names()
    {
        Write("log-1.json", "one\n");
        Write("log-10.json", "ten\n");
        Write("sub/log-2.json", "two\n");
        Write("log-3.JSON", "three\n");

        Assert.That(await ReadLines("log-?.json"), Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public async Task Gzipped_files_are_decompressed()
    {
        Write("plain.json", "p1\n");
        using (var gz = new GZipStream(File.Create(Path.Combine(_dir, "zipped.json.gz")), CompressionLevel.Fastest))
        {
            gz.Write("z1\nz2\n"u8);
        }

        Assert.That(await ReadLines("*.json*"), Is.EqualTo(new[] { "p1", "z1", "z2" }));
    }

    [Test]
    public async Task Blank_lines_are_skipped_and_crlf_endings_removed()
    {
        Write("data.csv", "one\r\n\r\n   \ntwo\n\nthree");

        Assert.That(await ReadLines("*.csv"), Is.EqualTo(new[] { "one", "two", "three" }));
    }

    [Test]
    public async Task A_bad_line_reports_file_and_line_number_and_reading_goes_on()
    {
        Write("events.json", "good\n\nbad line\nafter\n");
        await using var firehose = await Factory("*.json").ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);

        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.True);
        Assert.That(firehose.NextRow()!.GetRaw("line"), Is.EqualTo("good"));
        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.True);
        var e = Assert.Throws<ParseException>(() => firehose.NextRow())!;
        Assert.That(e.Message, Is.EqualTo($"{Path.Combine(_dir, "events.json")}:3: Unparseable message 'bad line'"));
        Assert.That(e.Input, Is.EqualTo("bad line"));
        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.True);
        Assert.That(firehose.NextRow()!.GetRaw("line"), Is.EqualTo("after"));
    }

    [Test]
    public void A_missing_base_dir_is_named()
    {
        var missing = Path.Combine(_dir, "absent");

        var e = Assert.ThrowsAsync<DirectoryNotFoundException>(async () =>
            await new LocalFirehoseFactory { BaseDir = missing, Filter = "*" }.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None))!;

        Assert.That(e.Message, Does.Contain(missing));
    }

    [Test]
    public async Task Commit_metadata_records_completed_files_and_the_line_reached_and_a_restart_resumes_exactly_there()
    {
        Write("a.json", "a1\na2\n");
        Write("sub/b.json", "b1\nb2\n");
        var factory = Factory("*.json");

        JsonElement? metadata;
        await using (var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.True);
                firehose.NextRow();
            }

            metadata = firehose.MakeCommitter().Metadata;
        }

        Assert.That(metadata!.Value.GetRawText(), Is.EqualTo("""{"completedFiles":["a.json"],"file":"sub/b.json","line":1}"""));
        await using var resumed = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(metadata), CancellationToken.None);
        Assert.That(TextRowParser.Lines(await TextRowParser.ReadAllAsync(resumed)), Is.EqualTo(new[] { "b2" }));
        var finished = resumed.MakeCommitter().Metadata!.Value;
        Assert.That(finished.GetProperty("completedFiles").EnumerateArray().Select(f => f.GetString()), Is.EqualTo(new[] { "a.json", "sub/b.json" }));

        await using var afterEnd = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(finished), CancellationToken.None);
        Assert.That(await afterEnd.HasMoreAsync(CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Metadata_of_another_shape_is_ignored()
    {
        Write("a.json", "a1\n");
        var foreign = JsonDocument.Parse("""{"partitions":{"0":42}}""").RootElement;

        await using var firehose = await Factory("*.json").ConnectAsync(new TextRowParser(), FirehoseContexts.Create(foreign), CancellationToken.None);

        Assert.That(TextRowParser.Lines(await TextRowParser.ReadAllAsync(firehose)), Is.EqualTo(new[] { "a1" }));
    }

    private LocalFirehoseFactory Factory(string filter) => new() { BaseDir = _dir, Filter = filter };

    private async Task<List<string?>> ReadLines(string filter)
    {
        await using var firehose = await Factory(filter).ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);
        return TextRowParser.Lines(await TextRowParser.ReadAllAsync(firehose));
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }
}
