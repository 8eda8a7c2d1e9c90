using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;

namespace Realtime.Server;

/// <summary>Serves the web console's static files, shipped in <c>console/</c> beside the node's assembly, at <c>/console</c>.</summary>
internal static class ConsoleFiles
{
    /// <summary>Registers the compression <see cref="UseConsoleFiles"/> applies to the console's files.</summary>
    public static IServiceCollection AddConsoleFiles(this IServiceCollection services)
    {
        services.AddResponseCompression();
        services.Configure<GzipCompressionProviderOptions>(gzip => gzip.Level = CompressionLevel.Optimal);
        services.Configure<BrotliCompressionProviderOptions>(brotli => brotli.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>
    /// Serves <c>/console/</c> (its <c>index.html</c>) and the files it loads, compressed when the browser accepts it and
    /// revalidated on every load, and redirects <c>/</c> there. A node built without the files serves none.
    /// </summary>
    /// <remarks>
    /// With security on, call it after <c>UseRealtimeSecurity</c>: the files then need an authenticated caller (the browser
    /// asks for Basic credentials once, at the first page, and sends them with the console's requests); the redirect
    /// answers anyone.
    /// </remarks>
    public static WebApplication UseConsoleFiles(this WebApplication app)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "console");
        if (!Directory.Exists(directory))
        {
            return app;
        }

        var files = new PhysicalFileProvider(directory);
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/console"), console => console
            .UseResponseCompression()
            .UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "/console" })
            .UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                RequestPath = "/console",
                OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
            }));
        app.MapGet("/", () => Results.Redirect("/console/")).AllowEveryone();
        return app;
    }
}
