using Realtime.Core.Firehoses;

namespace Realtime.Core.Tests.Firehoses;

public sealed class ClippedFirehoseFactoryTests
{
    [Test]
    public async Task Rows_outside_the_interval_become_null_rows()
    {
        var factory = new ClippedFirehoseFactory
        {
            Delegate = new ListFirehoseFactory("1000,early", "2000,start", "5000,inside", "skip", "9000,end", "12000,late"),
            Interval = "1970-01-01T00:00:02Z/1970-01-01T00:00:09Z",
        };

        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);

        Assert.That(TextRowParser.Lines(await TextRowParser.ReadAllAsync(firehose)), Is.EqualTo(new[] { null, "start", "inside", null, null, null }));
    }

    [Test]
    public void An_invalid_interval_names_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new ClippedFirehoseFactory { Delegate = new ListFirehoseFactory(), Interval = "2013-01-01" })!;

        Assert.That(e.Message, Does.StartWith("interval:").And.Contain("2013-01-01"));
    }
}
