using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Plugins.Http.Tests.Receiver;
using static Realtime.Plugins.Http.Tests.Polling;

namespace Realtime.Plugins.Http.Tests.Pull;

public sealed class HttpFirehoseFactoryTests
{
    [Test]
    public async Task Objects_are_read_in_order_decoding_gzip_by_extension_and_by_content_encoding()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Request.Path.Value switch
        {
            "/plain.json" => Write(context, Encoding.UTF8.GetBytes(Lines(0, 3))),
            "/packed.json.gz" => Write(context, ReceiverFixture.Gzip(Lines(3, 2))),
            "/encoded.json" => Write(context, ReceiverFixture.Gzip(Lines(5, 2)), contentEncoding: "gzip"),
            _ => NotFound(context),
        });

        var rows = await ReadAllAsync(Spec(server, "plain.json", "packed.json.gz", "encoded.json"));

        Assert.That(rows.Select(r => (long)r!.GetRaw("added")!), Is.EqualTo(Enumerable.Range(0, 7).Select(i => (long)i)));
    }

    [Test]
    public async Task Basic_credentials_and_configured_headers_are_sent_with_every_request()
    {
        string? header = null;
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            header = context.Request.Headers["X-Api-Key"];
            return Write(context, Encoding.UTF8.GetBytes(Lines(0, 1)));
        });

        await ReadAllAsync($$"""
            { "type": "http", "uris": ["{{server.UriOf("a.json")}}"], "httpAuthenticationUsername": "reader",
              "httpAuthenticationPassword": { "type": "default", "password": "pw" }, "headers": { "X-Api-Key": "k1" } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests.Single().Authorization, Is.EqualTo("Basic " + Convert.ToBase64String("reader:pw"u8.ToArray())));
            Assert.That(header, Is.EqualTo("k1"));
        });
    }

    [Test]
    public async Task A_server_error_is_retried_until_the_object_arrives()
    {
        var failures = new ConcurrentDictionary<string, int>();
        await using var server = await LoopbackServer.StartAsync(context =>
            failures.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1) <= 2
                ? Status(context, StatusCodes.Status503ServiceUnavailable)
                : Write(context, Encoding.UTF8.GetBytes(Lines(0, 2))));

        var rows = await ReadAllAsync(Spec(server, "flaky.json"), maxFetchRetry: 3);

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(2));
            Assert.That(server.Requests, Has.Count.EqualTo(3), "two failures, then the object");
        });
    }

    [Test]
    public async Task Running_out_of_retries_fails_naming_the_uri()
    {
        await using var server = await LoopbackServer.StartAsync(context => Status(context, StatusCodes.Status500InternalServerError));

        var error = Assert.ThrowsAsync<IOException>(async () => await ReadAllAsync(Spec(server, "broken.json"), maxFetchRetry: 1));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(server.UriOf("broken.json").ToString()).And.Contain("2 attempt(s)").And.Contain("500"));
            Assert.That(server.Requests, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task A_missing_object_is_not_retried()
    {
        await using var server = await LoopbackServer.StartAsync(NotFound);

        var error = Assert.ThrowsAsync<IOException>(async () => await ReadAllAsync(Spec(server, "missing.json"), maxFetchRetry: 3));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("404"));
            Assert.That(server.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_fetch_slower_than_the_fetch_timeout_is_abandoned_and_retried()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }

            await Write(context, Encoding.UTF8.GetBytes(Lines(0, 1)));
        });

        var rows = await ReadAllAsync(Spec(server, "slow.json").Replace("\"type\": \"http\"", "\"type\": \"http\", \"fetchTimeout\": 300"), maxFetchRetry: 1);

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(1));
            Assert.That(calls, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task With_a_small_fetch_capacity_every_object_is_still_read_once_in_order()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
            Write(context, Encoding.UTF8.GetBytes(Lines(int.Parse(context.Request.Path.Value!.Trim('/').Split('.')[0], System.Globalization.CultureInfo.InvariantCulture) * 10, 10))));
        var json = Spec(server, [.. Enumerable.Range(0, 6).Select(i => $"{i}.json")])
            .Replace("\"type\": \"http\"", "\"type\": \"http\", \"maxFetchCapacityBytes\": 100, \"prefetchTriggerBytes\": 0");

        var rows = await ReadAllAsync(json);

        Assert.That(rows.Select(r => (long)r!.GetRaw("added")!), Is.EqualTo(Enumerable.Range(0, 60).Select(i => (long)i)));
    }

    [Test]
    public async Task The_next_object_is_fetched_while_the_current_one_is_read()
    {
        await using var server = await LoopbackServer.StartAsync(context => Write(context, Encoding.UTF8.GetBytes(Lines(0, 2))));
        await using var firehose = await ConnectAsync(Spec(server, "a.json", "b.json"), null);

        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.True);
        firehose.NextRow();
        await WaitUntilAsync(() => server.Requests.Count == 2);

        Assert.That(server.Requests.Select(r => r.Path), Is.EqualTo(new[] { "/a.json", "/b.json" }), "b was fetched before a was read to its end");
    }

    [Test]
    public async Task A_restart_with_commit_metadata_skips_completed_objects_and_read_lines()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Request.Path.Value switch
        {
            "/a.json" => Write(context, Encoding.UTF8.GetBytes(Lines(0, 2))),
            _ => Write(context, Encoding.UTF8.GetBytes(Lines(2, 3))),
        });
        var spec = Spec(server, "a.json", "b.json");
        JsonElement metadata;
        await using (var first = await ConnectAsync(spec, null))
        {
            for (var i = 0; i < 3; i++)
            {
                await first.HasMoreAsync(CancellationToken.None);
                first.NextRow();
            }

            metadata = first.MakeCommitter().Metadata!.Value;
        }

        var rest = await ReadAllAsync(spec, lastCommitMetadata: metadata);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.GetProperty("completedUris").EnumerateArray().Select(u => u.GetString()), Is.EqualTo(new[] { server.UriOf("a.json").ToString() }));
            Assert.That(rest.Select(r => (long)r!.GetRaw("added")!), Is.EqualTo(new long[] { 3, 4 }));
        });
    }

    [Test]
    public async Task A_parse_error_names_the_uri_and_line()
    {
        await using var server = await LoopbackServer.StartAsync(context => Write(context, Encoding.UTF8.GetBytes(Lines(0, 1) + "\n{\"page\":\"x\"}\n")));
        await using var firehose = await ConnectAsync(Spec(server, "bad.json"), null);
        await firehose.HasMoreAsync(CancellationToken.None);
        firehose.NextRow();
        await firehose.HasMoreAsync(CancellationToken.None);

        var error = Assert.Throws<ParseException>(() => firehose.NextRow());

        Assert.That(error!.Message, Does.StartWith(server.UriOf("bad.json") + ":3: "), "line 2 is blank");
    }

    [TestCase("""{ "type": "http", "uris": [] }""", "at least one URI")]
    [TestCase("""{ "type": "http", "uris": ["ftp://example/a"] }""", "not an absolute http")]
    [TestCase("""{ "type": "http", "uris": ["http://127.0.0.1/a"], "maxFetchRetry": -1 }""", "maxFetchRetry")]
    [TestCase("""{ "type": "http", "uris": ["http://127.0.0.1/a"], "httpAuthenticationUsername": "u" }""", "go together")]
    public void An_invalid_spec_fails_to_connect_naming_the_option(string json, string problem)
    {
        var error = Assert.ThrowsAsync<ArgumentException>(async () => await ConnectAsync(json, null));

        Assert.That(error!.Message, Does.Contain(problem));
    }

    [Test]
    public void A_password_can_come_from_the_environment()
    {
        Environment.SetEnvironmentVariable("REALTIME_HTTP_TEST_PASSWORD", "from-env");
        var spec = (Realtime.Plugins.Http.Pull.HttpFirehoseFactory)Specs.Firehose("""
            { "type": "http", "uris": ["http://127.0.0.1/a"], "httpAuthenticationUsername": "u",
              "httpAuthenticationPassword": { "type": "environment", "variable": "REALTIME_HTTP_TEST_PASSWORD" } }
            """);

        Assert.That(spec.HttpAuthenticationPassword, Is.EqualTo("from-env"));
    }

    private static string Lines(int first, int count) =>
        string.Join("\n", Enumerable.Range(first, count).Select(i => ReceiverFixture.Event(i))) + "\n";

    private static string Spec(LoopbackServer server, params string[] paths) =>
        $$"""{ "type": "http", "uris": [{{string.Join(", ", paths.Select(p => JsonSerializer.Serialize(server.UriOf(p).ToString())))}}] }""";

    private static async Task<IFirehose> ConnectAsync(string json, JsonElement? lastCommitMetadata, int? maxFetchRetry = null)
    {
        if (maxFetchRetry is { } retries)
        {
            json = json.Replace("\"type\": \"http\"", $"\"type\": \"http\", \"maxFetchRetry\": {retries}");
        }

        var spec = (Realtime.Plugins.Http.Pull.HttpFirehoseFactory)Specs.Firehose(json);
        var fast = new Realtime.Plugins.Http.Pull.HttpFirehoseFactory
        {
            Uris = spec.Uris,
            MaxFetchCapacityBytes = spec.MaxFetchCapacityBytes,
            PrefetchTriggerBytes = spec.PrefetchTriggerBytes,
            FetchTimeout = spec.FetchTimeout,
            MaxFetchRetry = spec.MaxFetchRetry,
            HttpAuthenticationUsername = spec.HttpAuthenticationUsername,
            HttpAuthenticationPassword = spec.HttpAuthenticationPassword,
            Headers = spec.Headers,
            FirstRetryDelay = TimeSpan.FromMilliseconds(20),
        };
        var context = new FirehoseContext { Services = new ServiceCollection().BuildServiceProvider(), DataSource = "pages", LastCommitMetadata = lastCommitMetadata };
        return await fast.ConnectAsync(Specs.PageParser(), context, CancellationToken.None);
    }

    private static async Task<List<InputRow?>> ReadAllAsync(string json, int? maxFetchRetry = null, JsonElement? lastCommitMetadata = null)
    {
        await using var firehose = await ConnectAsync(json, lastCommitMetadata, maxFetchRetry);
        var rows = new List<InputRow?>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await firehose.HasMoreAsync(timeout.Token))
        {
            rows.Add(firehose.NextRow());
        }

        return rows;
    }

    private static async Task Write(HttpContext context, byte[] body, string? contentEncoding = null)
    {
        if (contentEncoding is not null)
        {
            context.Response.Headers.ContentEncoding = contentEncoding;
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static Task Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task NotFound(HttpContext context) => Status(context, StatusCodes.Status404NotFound);
}
