using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Storage;
using Realtime.Core.Index;
using Realtime.Core.Plumbing;
using Realtime.Core.Serving;
using Realtime.Core.Storage;

namespace Realtime.Core.Cluster;

/// <summary>
/// The historical role: loads the used segments this node is responsible for from deep storage into the segment
/// cache, announces them, and drops the segments that become unused or move to other historicals.
/// </summary>
/// <remarks>
/// Without ZooKeeper the node is a lone historical and serves every used segment. Responsibility comes from <see cref="SegmentAssignment"/> over the historicals of the node's tier that ZooKeeper
/// shows (the node itself always counts), so every historical decides alone and a join or a death rebalances. A segment
/// that moves away is dropped only once all its new holders announce it, so it never has fewer copies than before. A
/// segment that fails to load is logged, reported by <see cref="Failures"/>, not announced, and tried again after
/// <see cref="HistoricalOptions.RetryPeriod"/>; the others are served meanwhile. Runs again whenever the metadata poll
/// period passes or the cluster view changes.
/// </remarks>
public sealed partial class HistoricalLoader(
    ISegmentMetadataStore metadataStore,
    ISegmentPuller puller,
    SegmentCache cache,
    ServerIdentity self,
    HistoricalOptions options,
    TimeProvider clock,
    ILogger<HistoricalLoader> logger,
    ISegmentAnnouncer? announcer = null,
    ServerInventoryView? inventory = null) : BackgroundService
{
    private const string DescriptorFile = "descriptor.json";
    private readonly ConcurrentDictionary<string, SegmentLoadFailure> _failures = new(StringComparer.Ordinal);

    /// <summary>The segments that failed to load, by id, with the reason.</summary>
    public IReadOnlyDictionary<string, SegmentLoadFailure> Failures => _failures;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Replicants < 1)
        {
            throw new ArgumentException($"{HistoricalOptions.SectionName}:Replicants must be at least 1, not {options.Replicants}.");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = inventory?.WhenChangedAsync(stoppingToken) ?? Task.Delay(Timeout.Infinite, stoppingToken);
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogReconcileFailed(e);
            }

            try
            {
                await Task.WhenAny(changed, Task.Delay(options.PollPeriod, clock, stoppingToken)).Unwrap();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Loads what the node should serve and is missing, and drops what it should no longer serve.</summary>
    internal async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var used = await metadataStore.GetAllUsedSegmentsAsync(cancellationToken);
        var servers = inventory?.Servers ?? [];
        var members = servers
            .Where(s => s.Server.Type == NodeRoles.Historical && s.Server.Tier == self.Tier)
            .Select(s => s.Server.Name)
            .Append(self.Name)
            .ToList();
        var usedById = used.ToDictionary(s => s.Identifier, StringComparer.Ordinal);
        var announced = servers.SelectMany(s => s.Segments.Select(segment => (s.Server.Name, segment.Identifier))).ToHashSet();

        foreach (var segment in used)
        {
            if (SegmentAssignment.Owners(segment.Identifier, members, options.Replicants).Contains(self.Name) && !cache.Contains(segment.Identifier))
            {
                await LoadAsync(segment, cancellationToken);
            }
        }

        foreach (var served in cache.Served)
        {
            if (!usedById.ContainsKey(served.Identifier))
            {
                Drop(served, "it is no longer used");
                continue;
            }

            var owners = SegmentAssignment.Owners(served.Identifier, members, options.Replicants);
            if (!owners.Contains(self.Name) && owners.All(owner => announced.Contains((owner, served.Identifier))))
            {
                Drop(served, $"it moved to {string.Join(", ", owners)}");
            }
        }

        foreach (var failed in _failures.Keys.Where(id => !usedById.ContainsKey(id)).ToList())
        {
            _failures.TryRemove(failed, out _);
        }
    }

    private async Task LoadAsync(DataSegment segment, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_failures.TryGetValue(segment.Identifier, out var failure) && failure.At + options.RetryPeriod > now)
        {
            return;
        }

        var local = cache.PathFor(segment);
        try
        {
            if (!File.Exists(Path.Combine(local, DescriptorFile)))
            {
                await PullAsync(segment, local, cancellationToken);
            }

            cache.Add(segment, PersistedIndex.Load(local));
            announcer?.Announce(segment);
            _failures.TryRemove(segment.Identifier, out _);
            LogLoaded(segment.Identifier, local);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _failures[segment.Identifier] = new SegmentLoadFailure(e.Message, now);
            LogLoadFailed(e, segment.Identifier, options.RetryPeriod);
            if (Directory.Exists(local))
            {
                Directory.Delete(local, recursive: true);
            }
        }
    }

    // Pulls into a scratch folder and renames it into place, so a crash never leaves a half-pulled segment that looks complete.
    private async Task PullAsync(DataSegment segment, string local, CancellationToken cancellationToken)
    {
        var scratch = local + ".pulling";
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }

        await puller.PullAsync(segment, scratch, cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(scratch, DescriptorFile), DataSegmentJson.Serialize(segment), cancellationToken);
        if (Directory.Exists(local))
        {
            Directory.Delete(local, recursive: true);
        }

        Directory.Move(scratch, local);
    }

    private void Drop(DataSegment segment, string reason)
    {
        announcer?.Unannounce(segment);
        cache.Remove(segment.Identifier);
        LogDropped(segment.Identifier, reason);
    }

    [LoggerMessage(EventId = 6040, Level = LogLevel.Information, Message = "Loaded segment {SegmentId} into {Directory}")]
    private partial void LogLoaded(string segmentId, string directory);

    [LoggerMessage(EventId = 6041, Level = LogLevel.Error, Message = "Segment {SegmentId} could not be loaded; it is not announced and will be tried again in {RetryPeriod}")]
    private partial void LogLoadFailed(Exception exception, string segmentId, TimeSpan retryPeriod);

    [LoggerMessage(EventId = 6042, Level = LogLevel.Information, Message = "Dropped segment {SegmentId}: {Reason}")]
    private partial void LogDropped(string segmentId, string reason);

    [LoggerMessage(EventId = 6043, Level = LogLevel.Warning, Message = "Could not bring the served segments up to date; trying again at the next poll")]
    private partial void LogReconcileFailed(Exception exception);
}

/// <summary>Why a segment could not be loaded, and when that was found.</summary>
/// <param name="Error">The cause, naming the file or setting involved.</param>
/// <param name="At">When the load failed.</param>
public sealed record SegmentLoadFailure(string Error, DateTimeOffset At);
