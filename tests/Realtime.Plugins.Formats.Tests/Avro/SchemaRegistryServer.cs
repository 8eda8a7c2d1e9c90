using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Realtime.Plugins.Formats.Tests.Avro;

/// <summary>
/// A Confluent schema registry on a free loopback port (Kestrel), speaking the REST calls the client makes: registering a
/// subject's schema and fetching a schema by id.
/// </summary>
internal sealed class SchemaRegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, string> _schemas = new();
    private int _failuresLeft;
    private int _fetches;
    private int _requests;

    private SchemaRegistryServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new SchemaRegistryServer(app);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref server._requests);
            server.LastAuthorization = context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization ? authorization : null;
            if (Interlocked.Decrement(ref server._failuresLeft) >= 0)
            {
                await Error(context, StatusCodes.Status503ServiceUnavailable, 50003, "Unavailable");
                return;
            }

            await next(context);
        });
        app.MapGet("/schemas/ids/{id:int}", (int id, HttpContext context) =>
        {
            Interlocked.Increment(ref server._fetches);
            return server._schemas.TryGetValue(id, out var schema)
                ? context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["schema"] = schema })
                : Error(context, StatusCodes.Status404NotFound, 40403, "Schema not found");
        });
        app.MapPost("/subjects/{subject}/versions", async (string subject, HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var id = server.Register(body.RootElement.GetProperty("schema").GetString()!);
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["id"] = id });
        });
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
