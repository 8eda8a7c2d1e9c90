namespace Realtime.Core.Hosting;

/// <summary>The node's settings, bound from the <c>Realtime</c> configuration section.</summary>
public sealed class RealtimeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Realtime";

    /// <summary>The realtime spec file to run (Druid's <c>druid.realtime.specFile</c>); <c>--spec</c> on the command line.</summary>
    public string? SpecFile { get; set; }

    /// <summary>The node's role (<c>Realtime:Role</c>): <c>realtime</c> (the default) ingests; <c>historical</c> loads and serves used segments.</summary>
    public string? Role { get; set; }

    /// <summary>Where handed-off segments are kept and served from (<c>Realtime:Serving:Directory</c>).</summary>
    public ServingOptions Serving { get; set; } = new();

    /// <summary>Query settings (<c>Realtime:Query</c>).</summary>
    public Query.QueryOptions Query { get; set; } = new();
}

/// <summary>Settings of the local segment cache that serves handed-off segments.</summary>
public sealed class ServingOptions
{
    /// <summary>The segment cache directory. Default <c>data/segment-cache</c>.</summary>
    public string Directory { get; set; } = Path.Combine("data", "segment-cache");
}
