using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Storage;

namespace Realtime.Core.Storage;

/// <summary>Unzips a segment pushed by <see cref="LocalSegmentPusher"/> into a directory, for serving it after handoff.</summary>
public sealed partial class LocalSegmentPuller(ILogger<LocalSegmentPuller> logger) : ISegmentPuller
{
    /// <inheritdoc />
    /// <remarks>Extracts the segment's <c>index.zip</c>, replacing files of the same name; only <c>local</c> load specs with a <c>path</c> are read.</remarks>
    public async Task PullAsync(DataSegment segment, string targetDirectory, CancellationToken cancellationToken)
    {
        var indexPath = IndexPathOf(segment);
        if (!File.Exists(indexPath))
        {
            throw new FileNotFoundException($"Segment {segment.Identifier} is not in deep storage: '{indexPath}' does not exist.", indexPath);
        }

        Directory.CreateDirectory(targetDirectory);
        await ZipFile.ExtractToDirectoryAsync(indexPath, targetDirectory, overwriteFiles: true, cancellationToken);
        LogPulled(segment.Identifier, indexPath, targetDirectory);
    }

    private static string IndexPathOf(DataSegment segment)
    {
        if (segment.LoadSpec is not { ValueKind: JsonValueKind.Object } spec)
        {
            throw new ArgumentException($"Segment {segment.Identifier} has no loadSpec.", nameof(segment));
        }

        var type = spec.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type != "local")
        {
            throw new ArgumentException($"Segment {segment.Identifier} has loadSpec.type '{type}'; only 'local' can be pulled.", nameof(segment));
        }

        return spec.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.String && path.GetString() is { Length: > 0 } text
            ? text
            : throw new ArgumentException($"Segment {segment.Identifier} has no loadSpec.path.", nameof(segment));
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Pulled segment {SegmentId} from {Path} into {Directory}")]
    private partial void LogPulled(string segmentId, string path, string directory);
}
