using System.Text;
using Realtime.Plugins.Http.Receiver;
using static Realtime.Plugins.Http.Tests.Receiver.ReceiverFixture;

namespace Realtime.Plugins.Http.Tests.Receiver;

public sealed class PushDecoderTests
{
    private static readonly PushHeaders Ndjson = new(BodyFormat.Ndjson, Gzip: false, ContentLength: null, Producer: null);

    [Test]
    public async Task Every_event_of_the_body_becomes_a_row_in_order()
    {
        var decoder = new PushDecoder(Specs.PageParser(), maxRequestBytes: 10_000);

        var rows = await decoder.DecodeAsync(Body(Array([3, 1, 2])), Ndjson with { Format = BodyFormat.JsonArray }, CancellationToken.None);

        Assert.That(rows.Select(r => (long)r!.GetRaw("added")!), Is.EqualTo(new long[] { 3, 1, 2 }));
    }

    [Test]
    public void An_ndjson_event_the_parser_refuses_is_named_by_its_line()
    {
        var decoder = new PushDecoder(Specs.PageParser(), maxRequestBytes: 10_000);

        var refused = Assert.ThrowsAsync<PushRejectedException>(() =>
            decoder.DecodeAsync(Body(Event(1) + "\n\n{\"page\":\"no time\"}\n"), Ndjson, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.StatusCode, Is.EqualTo(400));
            Assert.That(refused.Message, Does.StartWith("Event line 3 could not be parsed"));
        });
    }

    [Test]
    public void A_body_over_the_limit_is_refused_before_it_is_parsed()
    {
        var decoder = new PushDecoder(Specs.PageParser(), maxRequestBytes: 10);

        var refused = Assert.ThrowsAsync<PushRejectedException>(() => decoder.DecodeAsync(Body(Event(1)), Ndjson, CancellationToken.None));

        Assert.That(refused!.StatusCode, Is.EqualTo(413));
    }

    private static MemoryStream Body(string text) => new(Encoding.UTF8.GetBytes(text));
}
