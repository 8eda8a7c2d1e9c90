using Realtime.Core.Cluster;
using Realtime.Core.Components;
using Realtime.Core.Plugins;
using Realtime.Core.Storage;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--spec"] = "Realtime:SpecFile" });
builder.Services.AddRealtime(builder.Configuration.GetSection("Realtime"));

var app = builder.Build();
app.MapRealtimeStatus();
app.MapRealtimeMetrics();
app.MapRealtimeQueries();
app.MapRealtimeBroker();
app.MapRealtimeChat();
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is SpecException or PluginLoadException or ComponentRegistrationException or MetadataStoreException or ClusterConfigurationException)
{
    Console.Error.WriteLine($"Realtime could not start: {e.Message}");
    return 1;
}

/// <summary>The Realtime node's entry point.</summary>
public partial class Program;
