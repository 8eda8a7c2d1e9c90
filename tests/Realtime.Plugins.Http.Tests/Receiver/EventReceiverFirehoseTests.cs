using System.Text;
using System.Text.Json;
using static Realtime.Plugins.Http.Tests.Polling;
using static Realtime.Plugins.Http.Tests.Receiver.ReceiverFixture;

namespace Realtime.Plugins.Http.Tests.Receiver;

public sealed class EventReceiverFirehoseTests
{
    private const string Receiver = """{ "type": "receiver", "serviceName": "events" }""";

    [Test]
    public async Task A_pushed_array_is_counted_and_its_rows_reach_the_ingest_loop_in_order()
    {
        await using var receiver = await ConnectAsync(Receiver);

        var response = await receiver.PushAsync(Array(Enumerable.Range(0, 3)));
        var rows = await receiver.TakeAsync(3);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Body!.Value.GetProperty("eventCount").GetInt32(), Is.EqualTo(3));
            Assert.That(rows.Select(r => r!.GetDimension("page").Single()), Is.EqualTo(new[] { "p-0", "p-1", "p-2" }));
            Assert.That(rows[2]!.TimestampMillis, Is.EqualTo(DateTimeOffset.Parse("2013-08-31T01:00:02Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()));
        });
    }

    [Test]
    public async Task Gzipped_ndjson_is_read_line_by_line()
    {
        await using var receiver = await ConnectAsync(Receiver);
        var body = Gzip(Event(1) + "\n\n" + Event(2) + "\r\n");

        var response = await receiver.SendAsync("events", "push-events", body,
            new() { ["Content-Type"] = "application/x-ndjson; charset=utf-8", ["Content-Encoding"] = "gzip" });
        var rows = await receiver.TakeAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(response.Body!.Value.GetProperty("eventCount").GetInt32(), Is.EqualTo(2));
            Assert.That(rows.Select(r => (long)r!.GetRaw("added")!), Is.EqualTo(new long[] { 1, 2 }));
        });
    }

    [TestCase("{\"timestamp\":\"2013-08-31T01:00:00Z\"}", "not an array")]
    [TestCase("[{\"timestamp\":\"2013-08-31T01:00:00Z\",\"page\":\"a\"}, 7]", "$[1] is a JSON number")]
    [TestCase("[{\"timestamp\":\"2013-08-31T01:00:00Z\",\"page\":\"a\"}, {\"page\": ]", "not valid JSON at $[1]")]
    [TestCase("not json", "not valid JSON")]
    [TestCase("", "empty")]
    [TestCase("[{\"timestamp\":\"2013-08-31T01:00:00Z\",\"page\":\"a\"}, {\"page\":\"no time\"}]", "Event $[1] could not be parsed")]
    public async Task A_bad_batch_gets_400_naming_the_problem_and_none_of_its_events_is_taken(string body, string problem)
    {
        await using var receiver = await ConnectAsync(Receiver);

        var rejected = await receiver.PushAsync(body);
        await receiver.PushAsync(Array([42]));
        var rows = await receiver.TakeAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(rejected.StatusCode, Is.EqualTo(400));
            Assert.That(Error(rejected), Does.Contain(problem));
            Assert.That(rows.Single()!.GetDimension("page").Single(), Is.EqualTo("p-42"), "the next good batch is the first thing taken");
        });
    }

    [Test]
    public async Task Braces_quotes_and_escapes_inside_strings_and_nested_objects_do_not_split_events()
    {
        await using var receiver = await ConnectAsync(Receiver);
        const string tricky = """
             [ {"timestamp":"2013-08-31T01:00:00Z","page":"a \"}{\" b \\","added":1,"meta":{"x":{"y":"}"}}} ,
               {"timestamp":"2013-08-31T01:00:01Z","page":"[c]","added":2}
             ]
            """;

        var response = await receiver.PushAsync(tricky);
        var rows = await receiver.TakeAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(response.Body!.Value.GetProperty("eventCount").GetInt32(), Is.EqualTo(2));
            Assert.That(rows.Select(r => r!.GetDimension("page").Single()), Is.EqualTo(new[] { "a \"}{\" b \\", "[c]" }));
        });
    }

    [TestCase("[]", 0)]
    [TestCase(" [ ] ", 0)]
    [TestCase("/* a comment */ [{\"timestamp\":\"2013-08-31T01:00:00Z\",\"page\":\"x\"}]", 1)]
    public async Task Empty_arrays_and_commented_bodies_are_read(string body, int events)
    {
        await using var receiver = await ConnectAsync(Receiver);

        var response = await receiver.PushAsync(body);

        Assert.That(response.Body!.Value.GetProperty("eventCount").GetInt32(), Is.EqualTo(events));
    }

    [Test]
    public async Task Text_after_the_array_is_refused()
    {
        await using var receiver = await ConnectAsync(Receiver);

        var response = await receiver.PushAsync(Array([1]) + " []");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(400));
            Assert.That(Error(response), Does.Contain("not valid JSON"));
        });
    }

    [Test]
    public async Task A_bad_ndjson_line_is_named_by_its_number()
    {
        await using var receiver = await ConnectAsync(Receiver);

        var response = await receiver.SendAsync("events", "push-events", Encoding.UTF8.GetBytes(Event(1) + "\n[1,2]\n"),
            new() { ["Content-Type"] = "application/x-ndjson" });

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(400));
            Assert.That(Error(response), Does.Contain("Line 2"));
        });
    }

    [TestCase("Content-Type", "text/plain", 415, "Content-Type 'text/plain'")]
    [TestCase("Content-Type", "application/x-jackson-smile", 415, "application/x-ndjson")]
    [TestCase("Content-Encoding", "br", 415, "Content-Encoding 'br'")]
    [TestCase("Content-Encoding", "gzip", 400, "not valid gzip")]
    public async Task Wrong_content_headers_are_refused(string header, string value, int status, string problem)
    {
        await using var receiver = await ConnectAsync(Receiver);

        var response = await receiver.SendAsync("events", "push-events", Encoding.UTF8.GetBytes(Array([1])), new() { [header] = value });

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status));
            Assert.That(Error(response), Does.Contain(problem));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_body_over_maxRequestBytes_gets_413_also_once_decompressed(bool gzip)
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "events", "maxRequestBytes": 1000 }""");
        var json = Array(Enumerable.Range(0, 50));
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
        if (gzip)
        {
            headers["Content-Encoding"] = "gzip";
        }

        var body = gzip ? Gzip(json) : Encoding.UTF8.GetBytes(json);
        var response = await receiver.SendAsync("events", "push-events", body, headers);

        Assert.Multiple(() =>
        {
            Assert.That(body, gzip ? Has.Length.LessThan(1000) : Has.Length.GreaterThan(1000));
            Assert.That(response.StatusCode, Is.EqualTo(413));
            Assert.That(Error(response), Does.Contain("maxRequestBytes (1000 bytes"));
        });
    }

    [Test]
    public async Task A_repeated_producer_sequence_is_skipped_and_a_missing_sequence_refused()
    {
        await using var receiver = await ConnectAsync(Receiver);
        var producer = new Dictionary<string, string> { ["X-Firehose-Producer-Id"] = "p1", ["X-Firehose-Producer-Seq"] = "5" };

        var first = await receiver.PushAsync(Array([1, 2]), producer);
        var retry = await receiver.PushAsync(Array([1, 2]), producer);
        var older = await receiver.PushAsync(Array([0]), new(producer) { ["X-Firehose-Producer-Seq"] = "4" });
        var next = await receiver.PushAsync(Array([3]), new(producer) { ["X-Firehose-Producer-Seq"] = "6" });
        var noSequence = await receiver.PushAsync(Array([9]), new() { ["X-Firehose-Producer-Id"] = "p1" });
        var notNumber = await receiver.PushAsync(Array([9]), new(producer) { ["X-Firehose-Producer-Seq"] = "six" });
        var rows = await receiver.TakeAsync(3);

        Assert.Multiple(() =>
        {
            Assert.That(first.Body!.Value.GetProperty("eventCount").GetInt32(), Is.EqualTo(2));
            Assert.That(retry.Body!.Value.GetRawText(), Is.EqualTo("""{"eventCount":0,"skipped":true}"""));
            Assert.That(older.Body!.Value.GetProperty("skipped").GetBoolean(), Is.True);
            Assert.That(next.Body!.Value.GetProperty("eventCount").GetInt32(), Is.EqualTo(1));
            Assert.That(noSequence.StatusCode, Is.EqualTo(400));
            Assert.That(Error(noSequence), Does.Contain("X-Firehose-Producer-Seq"));
            Assert.That(notNumber.StatusCode, Is.EqualTo(400));
            Assert.That(rows.Select(r => (long)r!.GetRaw("added")!), Is.EqualTo(new long[] { 1, 2, 3 }));
        });
    }

    [Test]
    public async Task A_full_buffer_holds_a_push_until_the_ingest_loop_makes_room()
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "events", "bufferSize": 2, "pushTimeout": "PT30S" }""");
        await receiver.PushAsync(Array([1, 2]));
        await receiver.TakeAsync(1);
        await receiver.PushAsync(Array([3, 4]));

        var waiting = receiver.PushAsync(Array([5]));
        var completedBeforeRoom = waiting.IsCompleted;
        var rows = await receiver.TakeAsync(4);
        var response = await waiting;

        Assert.Multiple(() =>
        {
            Assert.That(completedBeforeRoom, Is.False, "the buffer held two events, so the push waited");
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(rows.Select(r => (long)r!.GetRaw("added")!), Is.EqualTo(new long[] { 2, 3, 4, 5 }));
        });
    }

    [Test]
    public async Task A_buffer_that_stays_full_answers_503_with_retry_after_and_takes_nothing()
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "events", "bufferSize": 2, "pushTimeout": "PT0.2S" }""");
        await receiver.PushAsync(Array([1, 2]));

        var refused = await receiver.PushAsync(Array([3]));
        var rows = await receiver.TakeAsync(2);
        await receiver.PushAsync(Array([4]));
        rows.AddRange(await receiver.TakeAsync(1));

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(503));
            Assert.That(refused.Headers["Retry-After"], Is.EqualTo("1"));
            Assert.That(Error(refused), Does.Contain("buffer (2 events) stayed full"));
            Assert.That(rows.Select(r => (long)r!.GetRaw("added")!), Is.EqualTo(new long[] { 1, 2, 4 }), "event 3 was never taken");
        });
    }

    [Test]
    public async Task A_batch_larger_than_the_buffer_enters_an_empty_buffer_whole()
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "events", "bufferSize": 2 }""");

        var response = await receiver.PushAsync(Array(Enumerable.Range(0, 5)));
        var rows = await receiver.TakeAsync(5);

        Assert.Multiple(() =>
        {
            Assert.That(response.Body!.Value.GetProperty("eventCount").GetInt32(), Is.EqualTo(5));
            Assert.That(rows, Has.Count.EqualTo(5));
        });
    }

    [Test]
    public async Task Shutdown_closes_the_firehose_after_the_buffer_drains_and_the_service_goes_away()
    {
        await using var receiver = await ConnectAsync(Receiver);
        await receiver.PushAsync(Array([1, 2]));

        var shutdown = await receiver.SendAsync("events", "shutdown", []);
        var rows = await receiver.DrainAsync();

        Assert.Multiple(() =>
        {
            Assert.That(shutdown.StatusCode, Is.EqualTo(200));
            Assert.That(shutdown.Body!.Value.GetProperty("shutoffTime").GetString(), Does.EndWith("Z"));
            Assert.That(rows, Has.Count.EqualTo(2), "buffered events are still read");
            Assert.That(receiver.Registry.Find("events"), Is.Null);
        });
    }

    [Test]
    public async Task Shutdown_with_a_bad_time_is_refused_and_a_future_time_keeps_the_firehose_open()
    {
        await using var receiver = await ConnectAsync(Receiver);

        var bad = await receiver.SendAsync("events", "shutdown", [], query: new() { ["shutoffTime"] = "tomorrow" });
        var later = await receiver.SendAsync("events", "shutdown", [], query: new() { ["shutoffTime"] = "2999-01-01T00:00:00Z" });
        var push = await receiver.PushAsync(Array([1]));

        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(400));
            Assert.That(Error(bad), Does.Contain("'tomorrow'"));
            Assert.That(later.Body!.Value.GetProperty("shutoffTime").GetString(), Is.EqualTo("2999-01-01T00:00:00.000Z"));
            Assert.That(push.StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Max_idle_time_without_pushes_ends_the_firehose()
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "events", "maxIdleTime": 100 }""");

        var rows = await receiver.DrainAsync();

        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.Empty);
            Assert.That(receiver.Registry.Find("events"), Is.Null);
        });
    }

    [Test]
    public async Task A_service_name_with_colons_answers_under_its_last_part_too()
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "druid:prod:events" }""");

        var full = await receiver.PushAsync(Array([1]), serviceName: "druid:prod:events");
        var suffix = await receiver.PushAsync(Array([2]), serviceName: "events");
        var rows = await receiver.TakeAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(full.StatusCode, Is.EqualTo(200));
            Assert.That(suffix.StatusCode, Is.EqualTo(200));
            Assert.That(rows, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Unknown_actions_and_methods_are_refused()
    {
        await using var receiver = await ConnectAsync(Receiver);

        var unknown = await receiver.SendAsync("events", "pull-events", []);
        var get = await receiver.SendAsync("events", "push-events", [], method: "GET");

        Assert.Multiple(() =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(404));
            Assert.That(get.StatusCode, Is.EqualTo(405));
        });
    }

    [TestCase(null, 401)]
    [TestCase("Bearer wrong", 403)]
    [TestCase("Basic c2VjcmV0", 401)]
    [TestCase("Bearer s3cret", 200)]
    public async Task A_bearer_token_is_required_when_configured(string? authorization, int status)
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "events", "authentication": { "bearerToken": "s3cret" } }""");
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
        if (authorization is not null)
        {
            headers["Authorization"] = authorization;
        }

        var push = await receiver.SendAsync("events", "push-events", Encoding.UTF8.GetBytes(Array([1])), headers);
        var shutdown = await receiver.SendAsync("events", "shutdown", [], headers, query: new() { ["shutoffTime"] = "2999-01-01T00:00:00Z" });

        Assert.Multiple(() =>
        {
            Assert.That(push.StatusCode, Is.EqualTo(status));
            Assert.That(shutdown.StatusCode, Is.EqualTo(status));
            if (status == 401)
            {
                Assert.That(push.Headers["WWW-Authenticate"], Does.StartWith("Bearer"));
            }
        });
    }

    [Test]
    public async Task A_request_the_nodes_security_authorized_needs_none_of_the_receivers_own_credentials()
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "events", "authentication": { "bearerToken": "s3cret" } }""");
        var caller = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("name", "pusher")], "Basic"));
        var nodeCredentials = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["Authorization"] = "Basic cHVzaGVyOnB3" };

        var push = await receiver.SendAsync("events", "push-events", Encoding.UTF8.GetBytes(Array([1])), nodeCredentials, user: caller);
        var shutdown = await receiver.SendAsync("events", "shutdown", [], nodeCredentials, query: new() { ["shutoffTime"] = "2999-01-01T00:00:00Z" }, user: caller);

        Assert.Multiple(() =>
        {
            Assert.That(push.StatusCode, Is.EqualTo(200));
            Assert.That(shutdown.StatusCode, Is.EqualTo(200));
        });
    }

    [TestCase("admin:pw", 200)]
    [TestCase("admin:other", 403)]
    public async Task Basic_credentials_are_required_when_configured(string credentials, int status)
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "events", "authentication": { "username": "admin", "password": "pw" } }""");

        var push = await receiver.PushAsync(Array([1]), new() { ["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)) });

        Assert.That(push.StatusCode, Is.EqualTo(status));
    }

    [TestCase("""{ "type": "receiver", "serviceName": "" }""", "serviceName")]
    [TestCase("""{ "type": "receiver", "serviceName": "a/b" }""", "serviceName")]
    [TestCase("""{ "type": "receiver", "serviceName": "e", "pushTimeout": "PT0S" }""", "pushTimeout")]
    [TestCase("""{ "type": "receiver", "serviceName": "e", "authentication": { "username": "u" } }""", "username and password")]
    [TestCase("""{ "type": "receiver", "serviceName": "e", "authentication": { "bearerToken": "t", "username": "u", "password": "p" } }""", "either bearerToken")]
    public void An_invalid_spec_fails_to_connect_naming_the_option(string json, string option)
    {
        var error = Assert.ThrowsAsync<ArgumentException>(async () => await ConnectAsync(json));

        Assert.That(error!.Message, Does.Contain(option));
    }

    [Test]
    public async Task Two_receivers_cannot_share_a_service_name()
    {
        await using var first = await ConnectAsync(Receiver);

        var error = Assert.ThrowsAsync<InvalidOperationException>(async () => await ConnectAsync(Receiver, registry: first.Registry));

        Assert.That(error!.Message, Does.Contain("'events' is already registered"));
    }

    [Test]
    public async Task Durable_acknowledgement_waits_for_the_commit_of_a_persist_covering_the_batch()
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "events", "ackMode": "durable", "durablePersistPeriod": "PT0.05S" }""");

        var push = receiver.PushAsync(Array([1, 2]));
        await receiver.TakeAsync(1);
        var partial = receiver.Firehose.MakeCommitter();
        await receiver.TakeAsync(1);
        var whole = receiver.Firehose.MakeCommitter();
        partial.Run();
        var answeredAfterPartialCommit = push.IsCompleted;
        await WaitUntilAsync(() => receiver.PersistRequests > 0);
        whole.Run();
        var response = await push;

        Assert.Multiple(() =>
        {
            Assert.That(answeredAfterPartialCommit, Is.False, "a commit covering one of two events does not answer the push");
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(receiver.PersistRequests, Is.GreaterThan(0), "the firehose asked for a persist");
        });
    }

    [Test]
    public async Task A_durable_push_not_persisted_within_the_push_timeout_gets_503()
    {
        await using var receiver = await ConnectAsync("""{ "type": "receiver", "serviceName": "events", "ackMode": "durable", "pushTimeout": "PT0.2S" }""");

        var response = await receiver.PushAsync(Array([1]));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(503));
            Assert.That(Error(response), Does.Contain("accepted but not persisted"));
        });
    }

    [Test]
    public async Task Commit_metadata_carries_producer_sequences_and_a_restart_skips_what_was_durable()
    {
        JsonElement metadata;
        await using (var before = await ConnectAsync(Receiver))
        {
            await before.PushAsync(Array([1, 2]), Producer("a", 1));
            await before.PushAsync(Array([3, 4, 5]), Producer("b", 7));
            await before.TakeAsync(3);
            metadata = before.Firehose.MakeCommitter().Metadata!.Value;
        }

        await using var after = await ConnectAsync(Receiver, metadata);
        var retryA = await after.PushAsync(Array([1, 2]), Producer("a", 1));
        var retryB = await after.PushAsync(Array([3, 4, 5]), Producer("b", 7));
        var rows = await after.TakeAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.GetRawText(), Is.EqualTo("""{"producers":{"a":{"seq":1},"b":{"seq":7,"rows":1}}}"""));
            Assert.That(retryA.Body!.Value.GetProperty("skipped").GetBoolean(), Is.True);
            Assert.That(retryB.Body!.Value.GetProperty("eventCount").GetInt32(), Is.EqualTo(2), "the first event of batch 7 was durable already");
            Assert.That(rows.Select(r => (long)r!.GetRaw("added")!), Is.EqualTo(new long[] { 4, 5 }));
        });
    }

    [Test]
    public async Task Metadata_keeps_producers_restored_from_an_earlier_commit()
    {
        var restored = JsonDocument.Parse("""{"producers":{"old":{"seq":3}}}""").RootElement;
        await using var receiver = await ConnectAsync(Receiver, restored);

        await receiver.PushAsync(Array([1]), Producer("new", 1));
        await receiver.TakeAsync(1);

        Assert.That(receiver.Firehose.MakeCommitter().Metadata!.Value.GetRawText(), Is.EqualTo("""{"producers":{"old":{"seq":3},"new":{"seq":1}}}"""));
    }

    private static Dictionary<string, string> Producer(string id, long sequence) =>
        new() { ["X-Firehose-Producer-Id"] = id, ["X-Firehose-Producer-Seq"] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
