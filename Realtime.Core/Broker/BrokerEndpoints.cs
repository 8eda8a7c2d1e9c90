using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Time;
using Realtime.Core.Broker;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Druid's broker endpoints, mapped on a node whose role is <c>broker</c>.</summary>
public static class BrokerEndpoints
{
    /// <summary>
    /// On a broker, maps <c>GET /druid/broker/v1/loadstatus</c> (<c>{"inventoryInitialized"}</c>) and
    /// <c>GET /druid/v2/datasources/{dataSource}/candidates?intervals=…</c> (the segments a query over the intervals
    /// reads, with the servers holding each). On other nodes it maps nothing.
    /// </summary>
    public static IEndpointRouteBuilder MapRealtimeBroker(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<BrokerServerView>() is null)
        {
            return endpoints;
        }

        endpoints.MapGet("/druid/broker/v1/loadstatus", (BrokerServerView view) => Results.Json(new { inventoryInitialized = view.Initialized }));
        endpoints.MapGet("/druid/v2/datasources/{dataSource}/candidates", Candidates);
        return endpoints;
    }

    private static IResult Candidates(string dataSource, string? intervals, BrokerServerView view)
    {
        IReadOnlyList<Interval> wanted;
        try
        {
            wanted = intervals is { Length: > 0 } ? [.. intervals.Split(',').Select(Interval.Parse).OrderBy(i => i.StartMillis)] : [Interval.Eternity];
        }
        catch (FormatException e)
        {
            return Results.BadRequest(new { error = $"intervals: {e.Message}" });
        }

        var candidates = new JsonArray();
        foreach (var segment in view.GetTimeline(dataSource)?.Lookup(wanted).Segments ?? [])
        {
            var locations = new JsonArray();
            foreach (var name in segment.Servers)
            {
                if (view.Servers.TryGetValue(name, out var server))
                {
                    locations.Add(new JsonObject
                    {
                        ["name"] = server.Name, ["host"] = server.Host, ["hostAndTlsPort"] = server.HostAndTlsPort, ["maxSize"] = server.MaxSize,
                        ["type"] = server.Type, ["tier"] = server.Tier, ["priority"] = server.Priority,
                    });
                }
            }

            candidates.Add(new JsonObject
            {
                ["interval"] = segment.Descriptor.Interval.ToString(),
                ["version"] = segment.Descriptor.Version,
                ["partitionNumber"] = segment.Descriptor.Partition,
                ["size"] = segment.Segment.Size,
                ["locations"] = locations,
            });
        }

        return Results.Text(candidates.ToJsonString(), "application/json");
    }
}
