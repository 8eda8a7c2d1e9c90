using System.Threading.Channels;

namespace Realtime.Samples.EmbeddedHost;

/// <summary>The in-process source of the page-views pipeline: the app writes, the firehose reads.</summary>
/// <remarks>
/// Bounded: when ingestion falls behind, <see cref="WriteAsync"/> waits, which slows the requests that report page
/// views instead of letting memory grow.
/// </remarks>
public sealed class PageViewStream(TimeProvider clock)
{
    private readonly Channel<(long TimestampMillis, PageView View)> _channel = Channel.CreateBounded<(long, PageView)>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>The reading side, for the firehose.</summary>
    public ChannelReader<(long TimestampMillis, PageView View)> Reader => _channel.Reader;

    /// <summary>Queues a page view stamped with the current time.</summary>
    public ValueTask WriteAsync(PageView view, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync((clock.GetUtcNow().ToUnixTimeMilliseconds(), view), cancellationToken);
}
