using OpenTelemetry.Exporter;

namespace Realtime.Core.Metrics;

/// <summary>How the node exports its metrics, bound from the <c>Realtime:Metrics</c> configuration section.</summary>
public sealed class RealtimeMetricsOptions
{
    /// <summary>The OpenTelemetry Protocol (OTLP) exporter (<c>Realtime:Metrics:Otlp</c>); off unless it has an endpoint.</summary>
    public OtlpMetricsOptions Otlp { get; set; } = new();
}

/// <summary>Where and how the node pushes its metrics over the OpenTelemetry Protocol.</summary>
public sealed class OtlpMetricsOptions
{
    /// <summary>The collector's address, for example <c>http://localhost:4317</c>. The OTLP exporter is added only when this is set.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The transport: <see cref="OtlpExportProtocol.Grpc"/> (default, port 4317 by convention) or <see cref="OtlpExportProtocol.HttpProtobuf"/> (port 4318).</summary>
    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>How often measurements are pushed. Default one minute.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromMinutes(1);
}
