using Realtime.Core.Cluster;
using Realtime.Core.Components;
using Realtime.Core.Plugins;
using Realtime.Core.Security;
using Realtime.Core.Storage;
using Realtime.Server;

var command = args is [AdminCommand.Name, ..];
var settings = command ? args[1..] : args;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(settings, new Dictionary<string, string> { ["--spec"] = "Realtime:SpecFile" });
if (command)
{
    builder.Configuration[$"{SecurityOptions.SectionName}:{nameof(SecurityOptions.Enabled)}"] = "true";
}

try
{
    builder.Services.AddRealtime(builder.Configuration.GetSection("Realtime"));
    builder.Services.AddConsoleFiles();
    var app = builder.Build();
    if (command)
    {
        return await AdminCommand.RunAsync(app.Services, builder.Configuration);
    }

    app.UseRealtimeSecurity();
    app.UseConsoleFiles();
    app.MapRealtimeStatus();
    app.MapRealtimeMetrics();
    app.MapRealtimeQueries();
    app.MapRealtimeSql();
    app.MapRealtimeBroker();
    app.MapRealtimeChat();
    app.MapRealtimeConsole();
    app.MapRealtimeSecurity();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is SpecException or PluginLoadException or ComponentRegistrationException or MetadataStoreException or ClusterConfigurationException
    or SecurityConfigurationException or SecurityAdministrationException)
{
    Console.Error.WriteLine($"Realtime could not {(command ? "create the administrator" : "start")}: {e.Message}");
    return 1;
}

/// <summary>The Realtime node's entry point.</summary>
public partial class Program;
