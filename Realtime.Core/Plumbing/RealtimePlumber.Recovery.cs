using System.Text.Json;
using Realtime.Abstractions.Sdk;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Plumbing;

// Recovery: on start, sinks and hydrants are reloaded from the persist directory with the newest commit metadata.
internal partial class RealtimePlumber
{
    private CommitRecord? BootstrapSinksFromDisk(CancellationToken cancellationToken)
    {
        CommitRecord? latest = null;
        foreach (var sinkDirectory in Directory.EnumerateDirectories(_directory).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var descriptorFile = Path.Combine(sinkDirectory, SinkFile);
            if (!File.Exists(descriptorFile))
            {
                continue;
            }

            var descriptor = JsonSerializer.Deserialize<SinkDescriptor>(File.ReadAllText(descriptorFile))
                ?? throw new InvalidDataException($"{descriptorFile} is empty.");
            var interval = Interval.Parse(descriptor.Interval);
            var hydrants = new List<Hydrant>();
            foreach (var (number, hydrantDirectory) in NumberedDirectories(sinkDirectory))
            {
                try
                {
                    var index = Context.Indexes.Load(hydrantDirectory);
                    hydrants.Add(new Hydrant(number, index));
                    if (CommitRecord.Unwrap(index.CommitMetadata) is { } record && (latest is null || record.Sequence > latest.Sequence))
                    {
                        latest = record;
                    }
                }
                catch (InvalidDataException e)
                {
                    var corrupted = Path.Combine(_directory, "corrupted", Path.GetFileName(sinkDirectory), number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(Path.GetDirectoryName(corrupted)!);
                    Directory.Move(hydrantDirectory, corrupted);
                    PlumberLog.CorruptHydrant(Logger, e, hydrantDirectory, corrupted);
                }
            }

            var sink = new Sink(new SegmentId(Context.DataSource, interval, descriptor.Version, descriptor.PartitionNum), Context.Indexes, hydrants, Context.Tuning.DedupColumn);
            _sinks[interval.StartMillis] = sink;
            _publishing.Announcer?.Announce(Announced(sink));
            PlumberLog.SinkRecovered(Logger, sink.Id.ToString(), hydrants.Count, hydrants.Sum(h => (long)h.Index.RowCount));
        }

        _persistSequence = latest?.Sequence ?? 0;
        Context.Metrics.SinkCount(_sinks.Count);
        return latest;
    }

    private static IEnumerable<(int Number, string Path)> NumberedDirectories(string sinkDirectory) =>
        Directory.EnumerateDirectories(sinkDirectory)
            .Select(d => (Ok: int.TryParse(Path.GetFileName(d), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n), Number: n, Path: d))
            .Where(d => d.Ok)
            .OrderBy(d => d.Number)
            .Select(d => (d.Number, d.Path));

    private sealed record SinkDescriptor(string Interval, string Version, int PartitionNum);
}
