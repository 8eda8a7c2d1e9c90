using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Storage;
using Realtime.Core.Cluster;
using Realtime.Core.Index;
using Realtime.Core.Serving;
using Realtime.Core.Storage;

namespace Realtime.Benchmarks;

/// <summary>
/// How fast a historical takes segments over: builds <c>segments</c> persisted wikipedia-like segments of
/// <c>rows</c> rows each (no rollup), pushes them to local deep storage and publishes them in a SQLite metadata store,
/// then times one pass of the historical's loader, which pulls, opens and serves them all. Prints the time per GB of
/// segment files and of zipped deep-storage copies.
/// </summary>
internal static class HistoricalLoad
{
    public static async Task RunAsync(int segments, int rows)
    {
        var root = Directory.CreateTempSubdirectory("realtime-historical-load-").FullName;
        try
        {
            var deepStorage = Path.Combine(root, "deep-storage");
            var pusher = new LocalSegmentPusher(Options.Create(new DeepStorageOptions { Directory = deepStorage }), NullLogger<LocalSegmentPusher>.Instance);
            using var store = new SqliteMetadataStore(
                Options.Create(new MetadataStoreOptions { ConnectionString = $"Data Source={Path.Combine(root, "metadata.db")}" }), TimeProvider.System, NullLogger<SqliteMetadataStore>.Instance);
            var factory = new IndexFactory(WikipediaRows.Schema(rollup: false));
            long segmentBytes = 0;
            for (var partition = 0; partition < segments; partition++)
            {
                var persisted = Path.Combine(root, "persist", partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
                using (var index = WikipediaRows.Index(factory, WikipediaRows.Generate(rows, seed: partition)))
                using (factory.Persist(index, persisted, null, CancellationToken.None))
                {
                }

                segmentBytes += Directory.EnumerateFiles(persisted, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                var segment = await pusher.PushAsync(persisted, new DataSegment
                {
                    DataSource = "wikipedia",
                    Interval = WikipediaRows.Hour.ToString(),
                    Version = "v1",
                    PartitionNum = partition,
                    ShardSpec = JsonSerializer.SerializeToElement(new { type = "linear", partitionNum = partition }),
                }, CancellationToken.None);
                await store.PublishAsync(segment, CancellationToken.None);
                Directory.Delete(persisted, recursive: true);
                Console.WriteLine($"built segment {partition + 1}/{segments}");
            }

            var zippedBytes = Directory.EnumerateFiles(deepStorage, LocalSegmentPusher.IndexFileName, SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            using var cache = new SegmentCache(Path.Combine(root, "segment-cache"));
            var loader = new HistoricalLoader(
                store, new LocalSegmentPuller(NullLogger<LocalSegmentPuller>.Instance), cache,
                new ServerIdentity("127.0.0.1", 8083, NodeRoles.Historical, "_default_tier", 0, 0), new HistoricalOptions(),
                TimeProvider.System, NullLogger<HistoricalLoader>.Instance);

            var started = Stopwatch.StartNew();
            await loader.ReconcileAsync(CancellationToken.None);
            var seconds = started.Elapsed.TotalSeconds;

            const double Gb = 1024d * 1024 * 1024;
            Console.WriteLine($"segments: {cache.Served.Count} served of {segments}, {segments * (long)rows:N0} rows, failed: {loader.Failures.Count}");
            Console.WriteLine($"segment files: {segmentBytes / 1024d / 1024:N0} MiB, zipped in deep storage: {zippedBytes / 1024d / 1024:N0} MiB");
            Console.WriteLine($"load: {seconds:N2} s, {seconds / (segmentBytes / Gb):N1} s per GiB of segment files, {seconds / (zippedBytes / Gb):N1} s per GiB zipped");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
