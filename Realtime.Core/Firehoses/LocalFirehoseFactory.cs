using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Firehoses;

/// <summary>
/// Druid's <c>local</c> firehose: reads every file under <see cref="BaseDir"/> (searched recursively) whose name
/// matches <see cref="Filter"/>, line by line, then ends. Files ending in <c>.gz</c> are decompressed.
/// </summary>
/// <remarks>
/// <para>Files are read in the order of their paths relative to <see cref="BaseDir"/> (ordinal). Each non-blank line's
/// UTF-8 bytes go to the parser as one message. A <see cref="ParseException"/> from the parser is rethrown with the file
/// and line number in its message.</para>
/// <para>Commit metadata is <c>{"completedFiles": [relative paths]}</c>: the files read to their end when the persist
/// started. On a restart with that metadata those files are skipped; a file that was only partly read is read again
/// from its start, so its rows already persisted are counted twice (at-least-once, as Druid's firehoses are).</para>
/// </remarks>
public sealed class LocalFirehoseFactory : IFirehoseFactory
{
    /// <summary>The directory searched recursively for files.</summary>
    public required string BaseDir { get; init; }

    /// <summary>A wildcard for file names, with <c>*</c> and <c>?</c>, for example <c>*.json</c>; case-sensitive.</summary>
    public required string Filter { get; init; }

    /// <inheritdoc />
    /// <exception cref="DirectoryNotFoundException"><see cref="BaseDir"/> does not exist.</exception>
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Filter))
        {
            throw new ArgumentException("The local firehose's filter is required, for example \"*.json\".");
        }

        var baseDir = Path.GetFullPath(BaseDir);
        if (!Directory.Exists(baseDir))
        {
            throw new DirectoryNotFoundException($"The local firehose's baseDir {baseDir} does not exist.");
        }

        var logger = FirehoseLog.CreateLogger<LocalFirehoseFactory>(context.Services);
        var completed = ReadCompletedFiles(context.LastCommitMetadata, logger);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MatchType = MatchType.Simple,
            MatchCasing = MatchCasing.CaseSensitive,
            IgnoreInaccessible = false,
            AttributesToSkip = 0,
        };
        var all = Directory.EnumerateFiles(baseDir, Filter, options)
            .Select(f => Path.GetRelativePath(baseDir, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var pending = all.Where(f => !completed.Contains(f)).ToList();
        FirehoseLog.LocalFilesFound(logger, all.Count, Filter, baseDir, all.Count - pending.Count);
        return new(new LocalFirehose(parser, baseDir, pending, [.. all.Where(completed.Contains)], logger));
    }

    private static HashSet<string> ReadCompletedFiles(JsonElement? metadata, ILogger logger)
    {
        if (metadata is not { } m)
        {
            return [];
        }

        if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty(LocalFirehose.CompletedFilesProperty, out var files)
            && files.ValueKind == JsonValueKind.Array && files.EnumerateArray().All(f => f.ValueKind == JsonValueKind.String))
        {
            return files.EnumerateArray().Select(f => f.GetString()!).ToHashSet(StringComparer.Ordinal);
        }

        FirehoseLog.LocalMetadataIgnored(logger, m.GetRawText());
        return [];
    }

    private sealed class LocalFirehose(IInputRowParser parser, string baseDir, List<string> files, List<string> completed, ILogger logger)
        : IFirehose
    {
        public const string CompletedFilesProperty = "completedFiles";

        private int _next;
        private string? _file;
        private Utf8LineReader? _reader;

        public ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (_reader is not null)
                {
                    if (_reader.MoveNext())
                    {
                        return new(true);
                    }

                    _reader.Dispose();
                    _reader = null;
                    completed.Add(_file!);
                }

                if (_next == files.Count)
                {
                    return new(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                _file = files[_next++];
                _reader = Open(Path.Combine(baseDir, _file));
                FirehoseLog.LocalFileOpened(logger, _file);
            }
        }

        public InputRow? NextRow()
        {
            var reader = _reader ?? throw new InvalidOperationException("NextRow was called without a row: call HasMoreAsync first.");
            try
            {
                return parser.Parse(reader.Current);
            }
            catch (ParseException e)
            {
                throw new ParseException($"{Path.Combine(baseDir, _file!)}:{reader.LineNumber}: {e.Message}", e.Input, e);
            }
        }

        public ICommitter MakeCommitter()
        {
            var metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string[]> { [CompletedFilesProperty] = [.. completed] });
            return Committers.Create(metadata, static () => { });
        }

        public ValueTask DisposeAsync()
        {
            _reader?.Dispose();
            _reader = null;
            return ValueTask.CompletedTask;
        }

        private static Utf8LineReader Open(string path)
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                stream = new GZipStream(stream, CompressionMode.Decompress);
            }

            return new Utf8LineReader(stream);
        }
    }
}
