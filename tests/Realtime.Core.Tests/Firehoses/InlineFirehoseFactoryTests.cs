using System.Text.Json;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Firehoses;

namespace Realtime.Core.Tests.Firehoses;

public sealed class InlineFirehoseFactoryTests
{
    [Test]
    public async Task A_string_is_split_into_messages_skipping_blank_lines()
    {
        var factory = new InlineFirehoseFactory { Data = Json("\"1000,a\\n\\n2000,b\\r\\nc\"") };

        var lines = await Read(factory);

        Assert.That(lines, Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public async Task An_array_hands_each_objects_json_text_and_each_string_to_the_parser()
    {
        const string first = """{"timestamp": "2013-08-31T01:02:33Z", "page": "Gypsy Danger"}""";
        const string second = """{"timestamp":"2013-08-31T03:32:45Z","page":"Striker Eureka"}""";
        var factory = new InlineFirehoseFactory { Data = Json($"[{first}, {second}, \"plain message\"]") };

        var lines = await Read(factory);

        Assert.That(lines, Is.EqualTo(new[] { first, second, "plain message" }));
    }

    [Test]
    public async Task A_bad_message_reports_where_it_is()
    {
        var factory = new InlineFirehoseFactory { Data = Json("\"ok\\n\\nbad one\"") };
        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);

        await firehose.HasMoreAsync(CancellationToken.None);
        firehose.NextRow();
        await firehose.HasMoreAsync(CancellationToken.None);

        Assert.That(() => firehose.NextRow(), Throws.InstanceOf<ParseException>().With.Message.StartWith("inline data line 3: "));
    }

    [TestCase("[{\"a\":1}, 5]", "data[1]")]
    [TestCase("42", "data must be")]
    public void Data_of_another_shape_is_refused(string json, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new InlineFirehoseFactory { Data = Json(json) })!;

        Assert.That(e.Message, Does.Contain(expected));
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static async Task<List<string?>> Read(InlineFirehoseFactory factory)
    {
        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);
        return TextRowParser.Lines(await TextRowParser.ReadAllAsync(firehose));
    }
}
