namespace Realtime.Samples.EmbeddedHost;

/// <summary>One page view reported by a browser.</summary>
/// <param name="Page">The page path.</param>
/// <param name="Country">The visitor's country code.</param>
/// <param name="DurationMs">How long the page took to load, in milliseconds.</param>
public sealed record PageView(string Page, string Country, long DurationMs);
