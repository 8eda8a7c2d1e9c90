using System.Text.Json;
using Realtime.Core.Firehoses;

namespace Realtime.Core.Tests.Firehoses;

public sealed class CombiningFirehoseFactoryTests
{
    [Test]
    public async Task Delegates_are_read_in_sequence_each_connected_after_the_previous_ends()
    {
        var first = new ListFirehoseFactory("a1", "a2");
        var empty = new ListFirehoseFactory();
        var last = new ListFirehoseFactory("c1");
        var factory = new CombiningFirehoseFactory { Delegates = [first, empty, last] };

        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);
        Assert.That(last.Connections, Is.Zero);
        var rows = await TextRowParser.ReadAllAsync(firehose);

        Assert.That(TextRowParser.Lines(rows), Is.EqualTo(new[] { "a1", "a2", "c1" }));
        Assert.That(new[] { first.Disposals, empty.Disposals, last.Disposals }, Is.EqualTo(new[] { 1, 1, 1 }));
    }

    [Test]
    public async Task Commit_metadata_has_an_entry_per_delegate_and_each_gets_its_own_back_on_restart()
    {
        var first = new ListFirehoseFactory("a1", "a2");
        var second = new ListFirehoseFactory("b1", "b2", "b3");
        var third = new ListFirehoseFactory("c1");
        var factory = new CombiningFirehoseFactory { Delegates = [first, second, third] };

        Abstractions.Firehose.ICommitter committer;
        await using (var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None))
        {
            for (var i = 0; i < 3; i++)
            {
                await firehose.HasMoreAsync(CancellationToken.None);
                firehose.NextRow();
            }

            committer = firehose.MakeCommitter();
        }

        Assert.That(committer.Metadata!.Value.GetRawText(), Is.EqualTo("""{"delegates":[{"position":2},{"position":1},null]}"""));
        committer.Run();
        Assert.That(new[] { first.CommitsRun, second.CommitsRun, third.CommitsRun }, Is.EqualTo(new[] { 1, 1, 0 }));

        await using var resumed = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(committer.Metadata), CancellationToken.None);
        Assert.That(TextRowParser.Lines(await TextRowParser.ReadAllAsync(resumed)), Is.EqualTo(new[] { "b2", "b3", "c1" }));
        Assert.That(third.ConnectedWith.Last(), Is.Null);
    }

    [Test]
    public async Task Metadata_of_another_shape_gives_every_delegate_none()
    {
        var only = new ListFirehoseFactory("a1");
        var factory = new CombiningFirehoseFactory { Delegates = [only] };

        await using var firehose = await factory.ConnectAsync(
            new TextRowParser(), FirehoseContexts.Create(JsonDocument.Parse("""{"position":1}""").RootElement), CancellationToken.None);

        Assert.That(only.ConnectedWith.Single(), Is.Null);
    }

    [Test]
    public void Delegates_must_not_be_empty()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new CombiningFirehoseFactory { Delegates = [] })!;

        Assert.That(e.Message, Does.Contain("delegates"));
    }
}
