var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--spec"] = "Realtime:SpecFile" });
builder.Services.AddRealtime(builder.Configuration.GetSection("Realtime"));

var app = builder.Build();
app.MapRealtimeStatus();
app.MapRealtimeMetrics();
await app.RunAsync();

/// <summary>The Realtime node's entry point.</summary>
public partial class Program;
