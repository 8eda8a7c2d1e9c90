using System.Diagnostics;
using Realtime.Core.Tests.Plugins;
using Realtime.Core.ZooKeeper;

namespace Realtime.Core.Tests.ZooKeeper;

/// <summary>Helpers for the ZooKeeper client's tests: clients with a recorded log, and waits on conditions.</summary>
internal static class ZooKeeperTestKit
{
    /// <summary>How long a test waits for something that should happen.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static ZooKeeperClient Connect(string hosts, RecordingLogger<ZooKeeperClient> log, TimeSpan? sessionTimeout = null) =>
        new(hosts, sessionTimeout ?? TimeSpan.FromSeconds(10), log);

    /// <summary>A unique top-level path for one test.</summary>
    public static string UniqueRoot() => $"/test-{Guid.NewGuid():N}";

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static CancellationToken Timeout() => new CancellationTokenSource(Patience).Token;

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test naming <paramref name="what"/> when it never does.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > Patience)
            {
                Assert.Fail($"Gave up waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }

    public static IReadOnlyList<string> Messages(this RecordingLogger<ZooKeeperClient> log)
    {
        lock (log.Entries)
        {
            return [.. log.Entries.Select(e => e.Message)];
        }
    }
}

/// <summary>Records the events a watcher receives.</summary>
internal sealed class WatchRecorder
{
    private readonly List<WatchedEvent> _events = [];

    public ZooKeeperWatcher Watcher => OnEvent;

    public IReadOnlyList<WatchedEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public Task WaitForAsync(int count) => ZooKeeperTestKit.WaitUntilAsync(() => Events.Count >= count, $"{count} watch events");

    private void OnEvent(WatchedEvent watchedEvent)
    {
        lock (_events)
        {
            _events.Add(watchedEvent);
        }
    }
}

/// <summary>Records a client's state changes from the moment it is attached.</summary>
internal sealed class StateRecorder
{
    private readonly List<ZooKeeperState> _states = [];

    public StateRecorder(IZooKeeperClient client) => client.StateChanged += OnChanged;

    public IReadOnlyList<ZooKeeperState> States
    {
        get
        {
            lock (_states)
            {
                return [.. _states];
            }
        }
    }

    /// <summary>Waits for as many changes as <paramref name="sequence"/> has, and asserts they were those.</summary>
    public async Task WaitForAsync(params ZooKeeperState[] sequence)
    {
        await ZooKeeperTestKit.WaitUntilAsync(() => States.Count >= sequence.Length, $"states {string.Join(", ", sequence)}");
        Assert.That(States.Take(sequence.Length), Is.EqualTo(sequence));
    }

    private void OnChanged(ZooKeeperState state)
    {
        lock (_states)
        {
            _states.Add(state);
        }
    }
}
