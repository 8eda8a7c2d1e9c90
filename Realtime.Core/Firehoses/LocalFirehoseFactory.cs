using System.IO.Compression;
using System.Text.Json;
using System.Threading.Channels;
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
/// <para>A background thread reads and parses ahead of the ingest loop, in batches, so parsing and indexing use two
/// cores. Rows reach the ingest loop in file order, and parse errors surface at the row they belong to.</para>
/// <para>Commit metadata is <c>{"completedFiles": [relative paths], "file": path, "line": n}</c>: the files whose rows
/// were all handed out, and the position in the file being read. A restart with that metadata skips those files and
/// lines, so no row is read twice and none is skipped.</para>
/// </remarks>
public sealed class LocalFirehoseFactory : IFirehoseFactory
{
    private const int BatchSize = 512;
    private const int BatchesAhead = 8;

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
        var position = Position.Read(context.LastCommitMetadata, logger);
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
        var pending = all.Where(f => !position.CompletedFiles.Contains(f)).ToList();
        FirehoseLog.LocalFilesFound(logger, all.Count, Filter, baseDir, all.Count - pending.Count);
        return new(new LocalFirehose(parser, baseDir, pending, position with { CompletedFiles = [.. all.Where(position.CompletedFiles.Contains)] }, logger));
    }

    /// <summary>How far the rows handed out have got: whole files, and lines of the file being read.</summary>
    private sealed record Position(IReadOnlyList<string> CompletedFiles, string? File, long Line)
    {
        public const string CompletedFilesProperty = "completedFiles";

        public JsonElement ToJson()
        {
            var json = new Dictionary<string, object?> { [CompletedFilesProperty] = CompletedFiles };
            if (File is not null)
            {
                json["file"] = File;
                json["line"] = Line;
            }

            return JsonSerializer.SerializeToElement(json);
        }

        public static Position Read(JsonElement? metadata, ILogger logger)
        {
            if (metadata is not { } m)
            {
                return new Position([], null, 0);
            }

            if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty(CompletedFilesProperty, out var files)
                && files.ValueKind == JsonValueKind.Array && files.EnumerateArray().All(f => f.ValueKind == JsonValueKind.String))
            {
                var inFile = m.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String
                    && m.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number;
                return new Position(files.EnumerateArray().Select(f => f.GetString()!).ToHashSet(StringComparer.Ordinal).ToList(),
                    inFile ? m.GetProperty("file").GetString() : null, inFile ? m.GetProperty("line").GetInt64() : 0);
            }

            FirehoseLog.LocalMetadataIgnored(logger, m.GetRawText());
            return new Position([], null, 0);
        }
    }

    /// <summary>One line's outcome: a row (or null), or the parse error to raise when the ingest loop reaches it.</summary>
    private readonly record struct ParsedLine(InputRow? Row, ParseException? Error, int FileIndex, long Line);

    private sealed class LocalFirehose : IFirehose
    {
        private readonly IInputRowParser _parser;
        private readonly string _baseDir;
        private readonly List<string> _files;
        private readonly List<string> _completed;
        private readonly Position _resumeFrom;
        private readonly ILogger _logger;
        private readonly Channel<ParsedLine[]> _batches = Channel.CreateBounded<ParsedLine[]>(
            new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        private readonly CancellationTokenSource _closed = new();
        private readonly Task _reader;
        private ParsedLine[] _batch = [];
        private int _next;
        private ParsedLine _handedOut = new(null, null, -1, 0);

        public LocalFirehose(IInputRowParser parser, string baseDir, List<string> files, Position resumeFrom, ILogger logger)
        {
            _parser = parser;
            _baseDir = baseDir;
            _files = files;
            _completed = [.. resumeFrom.CompletedFiles];
            _resumeFrom = resumeFrom;
            _logger = logger;
            _reader = Task.Factory.StartNew(ReadAhead, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
        {
            while (_next == _batch.Length)
            {
                if (!await _batches.Reader.WaitToReadAsync(cancellationToken))
                {
                    await _reader;
                    CompleteFilesUpTo(_files.Count);
                    return false;
                }

                _batches.Reader.TryRead(out var batch);
                _batch = batch!;
                _next = 0;
            }

            return true;
        }

        public InputRow? NextRow()
        {
            if (_next == _batch.Length)
            {
                throw new InvalidOperationException("NextRow was called without a row: call HasMoreAsync first.");
            }

            var line = _batch[_next++];
            CompleteFilesUpTo(line.FileIndex);
            _handedOut = line;
            return line.Error is { } error ? throw error : line.Row;
        }

        public ICommitter MakeCommitter()
        {
            var inFile = _handedOut.FileIndex >= 0 && _handedOut.FileIndex < _files.Count && !_completed.Contains(_files[_handedOut.FileIndex]);
            var position = new Position([.. _completed], inFile ? _files[_handedOut.FileIndex] : null, inFile ? _handedOut.Line : 0);
            return Committers.Create(position.ToJson(), static () => { });
        }

        public async ValueTask DisposeAsync()
        {
            await _closed.CancelAsync();
            try
            {
                await _reader;
            }
            catch (OperationCanceledException)
            {
            }

            _closed.Dispose();
        }

        /// <summary>Marks the files before <paramref name="fileIndex"/> as completed: the ingest loop has had all their rows.</summary>
        private void CompleteFilesUpTo(int fileIndex)
        {
            for (var i = Math.Max(_handedOut.FileIndex, 0); i < fileIndex; i++)
            {
                if (!_completed.Contains(_files[i]))
                {
                    _completed.Add(_files[i]);
                }
            }
        }

        private async Task ReadAhead()
        {
            var writer = _batches.Writer;
            try
            {
                var batch = new List<ParsedLine>(BatchSize);
                for (var fileIndex = 0; fileIndex < _files.Count; fileIndex++)
                {
                    var file = _files[fileIndex];
                    var skip = file == _resumeFrom.File ? _resumeFrom.Line : 0;
                    FirehoseLog.LocalFileOpened(_logger, file);
                    using var lines = Open(Path.Combine(_baseDir, file));
                    while (lines.MoveNext())
                    {
                        if (lines.LineNumber <= skip)
                        {
                            continue;
                        }

                        batch.Add(Parse(lines, file, fileIndex));
                        if (batch.Count == BatchSize)
                        {
                            await writer.WriteAsync([.. batch], _closed.Token);
                            batch.Clear();
                        }
                    }
                }

                if (batch.Count > 0)
                {
                    await writer.WriteAsync([.. batch], _closed.Token);
                }

                writer.TryComplete();
            }
            catch (Exception e)
            {
                writer.TryComplete(e);
                throw;
            }
        }

        private ParsedLine Parse(Utf8LineReader lines, string file, int fileIndex)
        {
            try
            {
                return new ParsedLine(_parser.Parse(lines.Current), null, fileIndex, lines.LineNumber);
            }
            catch (ParseException e)
            {
                return new ParsedLine(null, new ParseException($"{Path.Combine(_baseDir, file)}:{lines.LineNumber}: {e.Message}", e.Input, e), fileIndex, lines.LineNumber);
            }
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
