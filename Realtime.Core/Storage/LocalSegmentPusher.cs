using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Core.Files;

namespace Realtime.Core.Storage;

/// <summary>
/// Deep storage on the local disk (Druid's <c>local</c> storage type). A segment is stored in
/// <c>&lt;directory&gt;/&lt;dataSource&gt;/&lt;start&gt;_&lt;end&gt;/&lt;version&gt;/&lt;partitionNum&gt;/</c> as <c>index.zip</c>
/// (the segment directory zipped) beside <c>descriptor.json</c> (the segment's JSON with its load spec).
/// </summary>
/// <remarks>
/// Path parts are kept as Druid writes them on Linux, colons included; characters the operating system does not
/// allow in a file name (<c>/</c> on Linux, also <c>:</c> and others on Windows) become <c>_</c>. Each file is written to
/// a temporary file, flushed to disk and renamed over the old one, so pushing the same segment again replaces it and
/// a crash never leaves a partial file. Pushes of different segments may run concurrently.
/// </remarks>
public sealed partial class LocalSegmentPusher(IOptions<DeepStorageOptions> options, ILogger<LocalSegmentPusher> logger) : ISegmentPusher
{
    /// <summary>The name of the zipped segment in a segment's storage directory.</summary>
    public const string IndexFileName = "index.zip";

    /// <summary>The name of the segment's JSON in a segment's storage directory.</summary>
    public const string DescriptorFileName = "descriptor.json";

    private static readonly char[] UnsafeFileNameChars = [.. Path.GetInvalidFileNameChars().Append('/').Append('\\').Distinct()];

    /// <summary>The absolute root of deep storage.</summary>
    public string StorageDirectory { get; } = Path.GetFullPath(options.Value.Directory);

    /// <summary>The directory that holds (or will hold) a segment's <c>index.zip</c> and <c>descriptor.json</c>.</summary>
    /// <exception cref="ArgumentException">A part of the id is empty, <c>.</c> or <c>..</c>.</exception>
    public string GetSegmentDirectory(SegmentId id) => Path.Combine(
        StorageDirectory,
        PathPart(id.DataSource, "dataSource"),
        PathPart(id.Interval.ToPathString(), "interval"),
        PathPart(id.Version, "version"),
        id.PartitionNum.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    /// <remarks>The returned segment has a <c>local</c> load spec naming the absolute path of <c>index.zip</c>, and as size
    /// the bytes of the segment's files before compression, as Druid records it.</remarks>
    /// <exception cref="DirectoryNotFoundException"><paramref name="segmentDirectory"/> does not exist.</exception>
    public async Task<DataSegment> PushAsync(string segmentDirectory, DataSegment segment, CancellationToken cancellationToken)
    {
        var source = new DirectoryInfo(segmentDirectory);
        if (!source.Exists)
        {
            throw new DirectoryNotFoundException($"Segment directory '{source.FullName}' of segment {segment.Identifier} does not exist.");
        }

        var target = GetSegmentDirectory(segment.Id);
        var indexPath = Path.Combine(target, IndexFileName);
        var size = source.EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);

        await DurableFile.WriteAsync(
            indexPath,
            (stream, token) => ZipFile.CreateFromDirectoryAsync(source.FullName, stream, CompressionLevel.Optimal, includeBaseDirectory: false, token),
            cancellationToken);

        var pushed = segment with { LoadSpec = LoadSpec(indexPath), Size = size };
        var descriptor = DataSegmentJson.Serialize(pushed);
        await DurableFile.WriteAsync(
            Path.Combine(target, DescriptorFileName),
            (stream, token) => stream.WriteAsync(descriptor, token).AsTask(),
            cancellationToken);

        LogPushed(segment.Identifier, indexPath, size);
        return pushed;
    }

    private static JsonElement LoadSpec(string indexPath) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["type"] = "local", ["path"] = indexPath });

    private static string PathPart(string value, string field)
    {
        if (value.Length == 0 || value is "." or "..")
        {
            throw new ArgumentException($"Segment {field} '{value}' cannot be used as a directory name.", nameof(value));
        }

        return value.IndexOfAny(UnsafeFileNameChars) < 0
            ? value
            : string.Create(value.Length, value, static (chars, text) =>
            {
                for (var i = 0; i < text.Length; i++)
                {
                    chars[i] = Array.IndexOf(UnsafeFileNameChars, text[i]) < 0 ? text[i] : '_';
                }
            });
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Pushed segment {SegmentId} to {Path} ({Size} bytes uncompressed)")]
    private partial void LogPushed(string segmentId, string path, long size);
}
