using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Realtime.Testing;

namespace Realtime.Plugins.Formats.Tests.Avro;

/// <summary>
/// A Confluent schema registry on a free loopback port (Kestrel), speaking the REST calls the client makes: registering a
/// subject's schema and fetching a schema by id.
/// </summary>
internal sealed class SchemaRegistryServer : IAsyncDisposable
{
    private LoopbackApp? _app;
    private readonly ConcurrentDictionary<int, string> _schemas = new();
    private int _failuresLeft;
    private int _fetches;
    private int _requests;

    /// <summary>The registry's URL, for example <c>http://127.0.0.1:41234</c>.</summary>
    public string Url => _app!.Address.GetLeftPart(UriPartial.Authority);

    /// <summary>How many times a schema was asked for by id.</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>The Authorization header of the latest request, if it had one.</summary>
    public string? LastAuthorization { get; private set; }

    /// <summary>How many requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Makes the next <paramref name="count"/> requests fail with 503 Service Unavailable.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    public static async Task<SchemaRegistryServer> StartAsync()
    {
        var server = new SchemaRegistryServer();
        server._app = await LoopbackApp.StartAsync(app => server.Map(app));
        return server;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _requests);
            LastAuthorization = context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization ? authorization : null;
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                await Error(context, StatusCodes.Status503ServiceUnavailable, 50003, "Unavailable");
                return;
            }

            await next(context);
        });
        app.MapGet("/schemas/ids/{id:int}", (int id, HttpContext context) =>
        {
            Interlocked.Increment(ref _fetches);
            return _schemas.TryGetValue(id, out var schema)
                ? context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["schema"] = schema })
                : Error(context, StatusCodes.Status404NotFound, 40403, "Schema not found");
        });
        app.MapPost("/subjects/{subject}/versions", async (string subject, HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var id = Register(body.RootElement.GetProperty("schema").GetString()!);
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["id"] = id });
        });
    }

    /// <summary>Stores <paramref name="schema"/> under a new id, or returns the id it already has.</summary>
    public int Register(string schema)
    {
        lock (_schemas)
        {
            var known = _schemas.FirstOrDefault(s => s.Value == schema);
            if (known.Value is not null)
            {
                return known.Key;
            }

            var id = _schemas.Count + 1;
            _schemas[id] = schema;
            return id;
        }
    }

    private static Task Error(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["error_code"] = code, ["message"] = message });
    }

    public ValueTask DisposeAsync() => _app!.DisposeAsync();
}
