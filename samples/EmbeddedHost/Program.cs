using Realtime.Samples.EmbeddedHost;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSingleton<PageViewStream>();
builder.Services.AddSingleton<PageViewStats>();
// The node runs inside this app: one pipeline built in code, no spec file, no plugins.
builder.Services.AddRealtime(builder.Configuration.GetSection("Realtime"), realtime => realtime
    .AddPipeline(PageViewPipeline.Create(builder.Configuration.GetValue("PageViews:PersistDirectory", "data/embedded/persist"))));

var app = builder.Build();
app.MapRealtimeStatus();
app.MapPost("/pageviews", async (PageView view, PageViewStream stream, CancellationToken cancellationToken) =>
{
    await stream.WriteAsync(view, cancellationToken);
    return Results.Accepted();
});
app.MapGet("/stats/pages", (PageViewStats stats, CancellationToken cancellationToken, int top = 5, int minutes = 60) =>
    stats.TopPagesAsync(TimeSpan.FromMinutes(minutes), top, cancellationToken));
app.MapGet("/stats/minutes", (PageViewStats stats, CancellationToken cancellationToken, int minutes = 60) =>
    stats.PerMinuteAsync(TimeSpan.FromMinutes(minutes), cancellationToken));
app.Run();

/// <summary>The sample app's entry point.</summary>
public partial class Program;
