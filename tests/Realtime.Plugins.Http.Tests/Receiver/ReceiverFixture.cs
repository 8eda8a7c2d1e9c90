using System.Security.Claims;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Chat;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Hosting;

namespace Realtime.Plugins.Http.Tests.Receiver;

/// <summary>A receiver firehose connected to a real chat-handler registry, driven as the ingest loop and the chat endpoint drive it.</summary>
internal sealed class ReceiverFixture : IAsyncDisposable
{
    private int _persistRequests;

    private ReceiverFixture(IFirehose firehose, ChatHandlerRegistry registry)
    {
        Firehose = firehose;
        Registry = registry;
    }

    public IFirehose Firehose { get; }

    public ChatHandlerRegistry Registry { get; }

    /// <summary>How many times the firehose asked the pipeline for a persist.</summary>
    public int PersistRequests => Volatile.Read(ref _persistRequests);

    public static async Task<ReceiverFixture> ConnectAsync(string firehoseJson, JsonElement? lastCommitMetadata = null, ChatHandlerRegistry? registry = null)
    {
        registry ??= new ChatHandlerRegistry();
        var services = new ServiceCollection().AddSingleton<IChatHandlerRegistry>(registry).BuildServiceProvider();
        ReceiverFixture? fixture = null;
        var context = new FirehoseContext
        {
            Services = services,
            DataSource = "pages",
            LastCommitMetadata = lastCommitMetadata,
            RequestPersist = () => Interlocked.Increment(ref fixture!._persistRequests),
        };
        var firehose = await Specs.Firehose(firehoseJson).ConnectAsync(Specs.PageParser(), context, CancellationToken.None);
        fixture = new ReceiverFixture(firehose, registry);
        return fixture;
    }

    public static string Event(int i, string page = "p") => $$"""{"timestamp":"2013-08-31T01:00:{{i % 60:00}}Z","page":"{{page}}-{{i}}","added":{{i}}}""";

    public static string Array(IEnumerable<int> events) => "[" + string.Join(",", events.Select(i => Event(i))) + "]";

    public static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    /// <summary>Sends a request to the handler registered as <paramref name="serviceName"/>, as the chat endpoint would.</summary>
    public Task<ChatResponse> SendAsync(string serviceName, string action, byte[] body, Dictionary<string, string>? headers = null,
        Dictionary<string, string>? query = null, string method = "POST", CancellationToken cancellationToken = default, ClaimsPrincipal? user = null)
    {
        var handler = Registry.Find(serviceName) ?? throw new AssertionException($"No handler registered as '{serviceName}'.");
        return handler.HandleAsync(new ChatRequest
        {
            Method = method,
            ServiceName = serviceName,
            Action = action,
            Headers = new Dictionary<string, string>(headers ?? [], StringComparer.OrdinalIgnoreCase),
            Query = new Dictionary<string, string>(query ?? [], StringComparer.OrdinalIgnoreCase),
            Body = new MemoryStream(body),
            User = user,
        }, cancellationToken).AsTask();
    }

    public Task<ChatResponse> PushAsync(string json, Dictionary<string, string>? headers = null, string serviceName = "events") =>
        SendAsync(serviceName, "push-events", Encoding.UTF8.GetBytes(json), new Dictionary<string, string>(headers ?? []) { ["Content-Type"] = "application/json" });

    /// <summary>Takes rows as the ingest loop does, until <paramref name="count"/> rows were taken.</summary>
    public async Task<List<InputRow?>> TakeAsync(int count)
    {
        var rows = new List<InputRow?>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (rows.Count < count && await Firehose.HasMoreAsync(timeout.Token))
        {
            rows.Add(Firehose.NextRow());
        }

        return rows;
    }

    /// <summary>Takes every row until the firehose ends.</summary>
    public async Task<List<InputRow?>> DrainAsync()
    {
        var rows = new List<InputRow?>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await Firehose.HasMoreAsync(timeout.Token))
        {
            rows.Add(Firehose.NextRow());
        }

        return rows;
    }

    public static string? Error(ChatResponse response) => response.Body?.GetProperty("error").GetString();

    public ValueTask DisposeAsync() => Firehose.DisposeAsync();
}
