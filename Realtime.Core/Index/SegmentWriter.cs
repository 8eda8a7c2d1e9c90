using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Abstractions.Segments;
using Realtime.Core.Collections;
using Realtime.Core.Files;

namespace Realtime.Core.Index;

/// <summary>
/// Writes one or more indexes as one persisted index: rows of all sources are sorted by (time, dimension values),
/// merged, and rows with equal keys folded by the combining aggregators (when the schema rolls up). A persist is
/// a merge of one source.
/// </summary>
/// <remarks>
/// Holds every source's read lock while it runs. Files are written under temporary names, flushed, renamed, and
/// the directory flushed, with <c>meta.json</c> last: a directory whose write was interrupted never loads. The
/// rows' order and merged dictionaries come from <see cref="MergePlan"/>; each column kind is written beside the
/// <see cref="PersistedIndex"/> reader of the same kind (<c>StringDimensionFormat.cs</c>, <c>NumericDimensionFormat.cs</c>,
/// <c>MetricFormat.cs</c>).
/// </remarks>
internal static partial class SegmentWriter
{
    /// <summary>Writes <paramref name="sources"/> into <paramref name="directory"/> (replacing an index there); returns the metadata written.</summary>
    public static SegmentMetadata Write(IReadOnlyList<IQueryableIndex> sources, IndexSchema schema, string directory, JsonElement? commitMetadata, CancellationToken cancellationToken)
    {
        var leases = new List<IDisposable>(sources.Count);
        try
        {
            foreach (var source in sources)
            {
                leases.Add(source.LockForRead());
            }

            using var plan = new MergePlan(sources, schema, cancellationToken);
            return WriteFiles(plan, schema, directory, commitMetadata, cancellationToken);
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    private static SegmentMetadata WriteFiles(MergePlan plan, IndexSchema schema, string directory, JsonElement? commitMetadata, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var metaPath = Path.Combine(directory, SegmentFormat.MetadataFile);
        var dataPath = Path.Combine(directory, SegmentFormat.DataFile);
        File.Delete(metaPath);
        var metadata = new SegmentMetadata
        {
            FormatVersion = SegmentFormat.Version,
            Interval = plan.Interval.ToString(),
            RowCount = plan.OutputRows,
            Rollup = schema.Rollup,
            Aggregators = new JsonArray(schema.Aggregators.Select(a => (JsonNode)a.ToJson()).ToArray()),
            CommitMetadata = commitMetadata,
        };

        var temporaryData = dataPath + SegmentFormat.TemporarySuffix;
        using (var writer = new DataFileWriter(temporaryData))
        {
            using (var times = new PooledSpan<long>(plan.OutputRows))
            {
                plan.Timestamps(times.Span);
                metadata.Timestamps = writer.Write<long>(times.Span);
            }

            foreach (var dimension in plan.Dimensions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                metadata.Dimensions.Add(dimension.Schema.Type == ColumnType.String
                    ? WriteStringDimension(writer, plan, dimension)
                    : WriteNumericDimension(writer, plan, dimension));
            }

            for (var i = 0; i < schema.Aggregators.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                metadata.Metrics.Add(WriteMetric(writer, plan, schema.Aggregators[i]));
            }

            metadata.DataLength = writer.Length;
            metadata.DataChecksum = writer.Checksum;
            writer.FlushToDisk();
        }

        File.Move(temporaryData, dataPath, overwrite: true);
        DirectorySync.Flush(directory);

        var temporaryMeta = metaPath + SegmentFormat.TemporarySuffix;
        using (var stream = new FileStream(temporaryMeta, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, metadata, SegmentFormat.JsonOptions);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporaryMeta, metaPath, overwrite: true);
        DirectorySync.Flush(directory);
        return metadata;
    }
}
