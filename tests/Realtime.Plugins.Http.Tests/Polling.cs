namespace Realtime.Plugins.Http.Tests;

/// <summary>Waiting for what a firehose does on its own threads.</summary>
internal static class Polling
{
    /// <summary>Waits, up to 30 seconds, until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
