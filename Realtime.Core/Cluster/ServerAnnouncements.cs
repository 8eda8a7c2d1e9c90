using System.Text.Json;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Cluster;

/// <summary>
/// The JSON a node announces about itself: <c>DruidServerMetadata</c> under <c>announcements/</c> and
/// <c>DiscoveryDruidNode</c> under <c>internal-discovery/</c>, in Druid's shapes.
/// </summary>
public static class ServerAnnouncements
{
    /// <summary>Druid's <c>DruidServerMetadata</c> of <paramref name="server"/>.</summary>
    public static byte[] ServerMetadata(ServerIdentity server) => JsonSerializer.SerializeToUtf8Bytes(new DruidServerMetadata(
        server.Name, server.Name, null, server.MaxSize, server.Type, server.Tier, server.Priority), JsonOptions);

    /// <summary>
    /// Druid's <c>DiscoveryDruidNode</c> of <paramref name="server"/>, with its <c>dataNodeService</c>. The service's
    /// <c>type</c> appears twice, as Druid writes it: first the service type, then the server type, then <c>serverType</c>.
    /// </summary>
    public static byte[] DiscoveryNode(ServerIdentity server, DateTimeOffset startTime)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("druidNode");
            json.WriteString("service", server.IsHistorical ? "druid/historical" : "druid/realtime");
            json.WriteString("host", server.Host);
            json.WriteBoolean("bindOnHost", false);
            json.WriteNumber("plaintextPort", server.Port);
            json.WriteNumber("port", -1);
            json.WriteNumber("tlsPort", -1);
            json.WriteBoolean("enablePlaintextPort", true);
            json.WriteBoolean("enableTlsPort", false);
            json.WriteEndObject();
            json.WriteString("nodeType", server.IsHistorical ? "historical" : "peon");
            json.WriteStartObject("services");
            json.WriteStartObject("dataNodeService");
            json.WriteString("type", "dataNodeService");
            json.WriteString("tier", server.Tier);
            json.WriteNumber("maxSize", server.MaxSize);
            json.WriteString("type", server.Type);
            json.WriteString("serverType", server.Type);
            json.WriteNumber("priority", server.Priority);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("startTime", DateTimes.Format(startTime.ToUnixTimeMilliseconds()));
            json.WriteNumber("availableProcessors", Environment.ProcessorCount);
            json.WriteNumber("totalMemory", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The internal-discovery role of <paramref name="server"/>: <c>HISTORICAL</c>, or <c>PEON</c> for a realtime node, which modern brokers watch for data.</summary>
    public static string DiscoveryRole(ServerIdentity server) => server.IsHistorical ? "HISTORICAL" : "PEON";

    /// <summary>Reads a server announcement, gzip or plain.</summary>
    /// <exception cref="JsonException">The data is not <c>DruidServerMetadata</c>.</exception>
    public static DruidServerMetadata ReadServerMetadata(byte[] stored) =>
        JsonSerializer.Deserialize<DruidServerMetadata>(ZNodePayload.Decode(stored), JsonOptions)
        ?? throw new JsonException("A server announcement must be an object, not null.");

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>Druid's <c>DruidServerMetadata</c>: a data server as announced under <c>announcements/</c>.</summary>
/// <param name="Name">The server's name, <c>host:port</c>.</param>
/// <param name="Host">Its plaintext <c>host:port</c>.</param>
/// <param name="HostAndTlsPort">Its TLS <c>host:port</c>, null without TLS.</param>
/// <param name="MaxSize">The bytes of segments it offers to hold.</param>
/// <param name="Type">Its server type: <c>historical</c>, <c>realtime</c>, <c>indexer-executor</c> or <c>bridge</c>.</param>
/// <param name="Tier">Its tier.</param>
/// <param name="Priority">Its priority within the tier.</param>
public sealed record DruidServerMetadata(string Name, string? Host, string? HostAndTlsPort, long MaxSize, string Type, string Tier, int Priority)
{
    /// <summary>Whether the cluster hands segments to this server (Druid's <c>isSegmentReplicationTarget</c>: historicals and bridges).</summary>
    public bool IsReplicationTarget => Type is NodeRoles.Historical or "bridge";
}
