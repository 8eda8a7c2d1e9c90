using Realtime.Abstractions.Parsing;
using Realtime.Core.Firehoses;

namespace Realtime.Core.Tests.Firehoses;

public sealed class FixedCountFirehoseFactoryTests
{
    [TestCase(0, new string[0])]
    [TestCase(2, new[] { "a", "b" })]
    [TestCase(9, new[] { "a", "b", "c" })]
    public async Task Ends_after_count_messages_or_when_the_delegate_ends(int count, string[] expected)
    {
        var factory = new FixedCountFirehoseFactory { Delegate = new ListFirehoseFactory("a", "b", "c"), Count = count };

        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);

        Assert.That(TextRowParser.Lines(await TextRowParser.ReadAllAsync(firehose)), Is.EqualTo(expected));
    }

    [Test]
    public async Task Messages_without_rows_and_unparseable_ones_count()
    {
        var factory = new FixedCountFirehoseFactory { Delegate = new ListFirehoseFactory("skip", "bad", "a", "b"), Count = 3 };
        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);
        var seen = new List<string?>();

        while (await firehose.HasMoreAsync(CancellationToken.None))
        {
            try
            {
                seen.Add(firehose.NextRow()?.GetRaw("line") as string ?? "(none)");
            }
            catch (ParseException)
            {
                seen.Add("(unparseable)");
            }
        }

        Assert.That(seen, Is.EqualTo(new[] { "(none)", "(unparseable)", "a" }));
    }

    [Test]
    public void A_negative_count_names_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new FixedCountFirehoseFactory { Delegate = new ListFirehoseFactory(), Count = -1 })!;

        Assert.That(e.Message, Does.Contain("count"));
    }
}
