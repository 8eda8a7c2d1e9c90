using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Realtime.Testing;

namespace Realtime.Plugins.Http.Tests.Pull;

/// <summary>A real HTTP server (Kestrel) on a free loopback port, answering with the handler a test gives it.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private LoopbackApp? _app;

    public Uri Address => _app!.Address;

    /// <summary>The requests served so far: path and the Authorization header.</summary>
    public List<(string Path, string? Authorization)> Requests { get; } = [];

    public Uri UriOf(string path) => new(Address, path);

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var server = new LoopbackServer();
        server._app = await LoopbackApp.StartAsync(app => app.Run(context =>
        {
            lock (server.Requests)
            {
                server.Requests.Add((context.Request.Path.Value!, context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null));
            }

            return handler(context);
        }));
        return server;
    }

    public ValueTask DisposeAsync() => _app!.DisposeAsync();
}
