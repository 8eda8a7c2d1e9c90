using Realtime.Abstractions.Chat;
using Realtime.Plugins.Http.Receiver;

namespace Realtime.Plugins.Http.Tests.Receiver;

public sealed class PushHeadersTests
{
    [Test]
    public void A_push_without_headers_is_a_plain_json_array_from_no_producer()
    {
        Assert.That(PushHeaders.Read(Request([])), Is.EqualTo(new PushHeaders(BodyFormat.JsonArray, false, null, null)));
    }

    [Test]
    public void Ndjson_gzip_the_length_and_the_producer_are_read_case_insensitively()
    {
        var headers = PushHeaders.Read(Request(new()
        {
            ["content-type"] = "Application/X-NDJSON; charset=utf-8",
            ["Content-Encoding"] = " x-gzip ",
            ["Content-Length"] = "120",
            ["X-Firehose-Producer-Id"] = "p1",
            ["X-Firehose-Producer-Seq"] = "-3",
        }));

        Assert.That(headers, Is.EqualTo(new PushHeaders(BodyFormat.Ndjson, true, 120, new ProducerBatch("p1", -3))));
    }

    [TestCase("-5")]
    [TestCase("many")]
    public void A_content_length_that_is_not_a_whole_number_is_unknown(string length)
    {
        Assert.That(PushHeaders.Read(Request(new() { ["Content-Length"] = length })).ContentLength, Is.Null);
    }

    [TestCase("Content-Type", "text/csv", 415, "Content-Type 'text/csv'")]
    [TestCase("Content-Encoding", "deflate", 415, "Content-Encoding 'deflate'")]
    [TestCase("X-Firehose-Producer-Id", "p1", 400, "needs X-Firehose-Producer-Seq")]
    public void Headers_the_receiver_cannot_take_refuse_the_push(string header, string value, int status, string problem)
    {
        var refused = Assert.Throws<PushRejectedException>(() => PushHeaders.Read(Request(new() { [header] = value })));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.StatusCode, Is.EqualTo(status));
            Assert.That(refused.Message, Does.Contain(problem));
        });
    }

    [Test]
    public void The_content_type_is_checked_before_the_producer()
    {
        var refused = Assert.Throws<PushRejectedException>(() =>
            PushHeaders.Read(Request(new() { ["Content-Type"] = "text/csv", ["X-Firehose-Producer-Id"] = "p1" })));

        Assert.That(refused!.StatusCode, Is.EqualTo(415));
    }

    private static ChatRequest Request(Dictionary<string, string> headers) => new()
    {
        Method = "POST",
        ServiceName = "events",
        Action = "push-events",
        Headers = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase),
    };
}
