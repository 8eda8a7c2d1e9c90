using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Realtime.Core.ZooKeeper;

/// <summary>
/// Calls watchers one at a time, in the order of their events, on a thread-pool thread of its own: never on the
/// connection's reading thread, so a watcher may call the client again.
/// </summary>
internal sealed class WatcherDispatcher
{
    private readonly Channel<(ZooKeeperWatcher Watcher, WatchedEvent Event)> _events =
        Channel.CreateUnbounded<(ZooKeeperWatcher, WatchedEvent)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly ILogger _logger;

    public WatcherDispatcher(ILogger logger)
    {
        _logger = logger;
        _ = Task.Run(DispatchAsync);
    }

    public void Post(ZooKeeperWatcher watcher, WatchedEvent watchedEvent) => _events.Writer.TryWrite((watcher, watchedEvent));

    /// <summary>Delivers the queued events, then stops.</summary>
    public void Complete() => _events.Writer.TryComplete();

    private async Task DispatchAsync()
    {
        await foreach (var (watcher, watchedEvent) in _events.Reader.ReadAllAsync())
        {
            try
            {
                watcher(watchedEvent);
            }
            catch (Exception e)
            {
                _logger.WatcherFailed(watchedEvent.Type, watchedEvent.Path, e);
            }
        }
    }
}
