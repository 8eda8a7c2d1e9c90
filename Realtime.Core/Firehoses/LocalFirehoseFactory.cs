using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Sdk;

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
    private const string CompletedFilesProperty = "completedFiles";
    private const string FileProperty = "file";

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

        var logger = context.LoggerFactory.CreateLogger<LocalFirehoseFactory>();
        var position = LinePosition.Read(context.LastCommitMetadata, CompletedFilesProperty, FileProperty);
        if (position is null)
        {
            FirehoseLog.LocalMetadataIgnored(logger, context.LastCommitMetadata!.Value.GetRawText());
            position = LinePosition.Start;
        }

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
        var pending = all.Where(f => !position.Completed.Contains(f)).ToList();
        FirehoseLog.LocalFilesFound(logger, all.Count, Filter, baseDir, all.Count - pending.Count);
        return new(new LocalFirehose(parser, baseDir, pending, position with { Completed = [.. all.Where(position.Completed.Contains)] }, logger));
    }

    /// <summary>Where a parsed line came from: the index of its file in the list read, and its line number.</summary>
    private readonly record struct LineAt(int FileIndex, long Line);

    private sealed class LocalFirehose : IFirehose
    {
        private readonly IInputRowParser _parser;
        private readonly string _baseDir;
        private readonly List<string> _files;
        private readonly List<string> _completed;
        private readonly LinePosition _resumeFrom;
        private readonly ILogger _logger;
        private readonly ReadAheadBatches<ParsedRow<LineAt>> _batches = new(BatchSize, BatchesAhead);
        private readonly CancellationTokenSource _closed = new();
        private readonly Task _reader;
        private LineAt _handedOut = new(-1, 0);

        public LocalFirehose(IInputRowParser parser, string baseDir, List<string> files, LinePosition resumeFrom, ILogger logger)
        {
            _parser = parser;
            _baseDir = baseDir;
            _files = files;
            _completed = [.. resumeFrom.Completed];
            _resumeFrom = resumeFrom;
            _logger = logger;
            _reader = Task.Factory.StartNew(ReadAhead, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
        {
            if (await _batches.WaitToTakeAsync(cancellationToken))
            {
                return true;
            }

            CompleteFilesUpTo(_files.Count);
            return false;
        }

        public InputRow? NextRow()
        {
            if (!_batches.TryTake(out var line))
            {
                throw new InvalidOperationException("NextRow was called without a row: call HasMoreAsync first.");
            }

            CompleteFilesUpTo(line.Position.FileIndex);
            _handedOut = line.Position;
            return line.RowOrThrow();
        }

        public ICommitter MakeCommitter()
        {
            var inFile = _handedOut.FileIndex >= 0 && _handedOut.FileIndex < _files.Count && !_completed.Contains(_files[_handedOut.FileIndex]);
            var position = new LinePosition([.. _completed], inFile ? _files[_handedOut.FileIndex] : null, inFile ? _handedOut.Line : 0);
            return Committers.Create(position.ToJson(CompletedFilesProperty, FileProperty), static () => { });
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

        private void ReadAhead()
        {
            try
            {
                for (var fileIndex = 0; fileIndex < _files.Count; fileIndex++)
                {
                    var file = _files[fileIndex];
                    var skip = file == _resumeFrom.Current ? _resumeFrom.Line : 0;
                    FirehoseLog.LocalFileOpened(_logger, file);
                    using var lines = LineFiles.Open(Path.Combine(_baseDir, file));
                    while (lines.MoveNext())
                    {
                        if (lines.LineNumber > skip)
                        {
                            _batches.Add(ParsedRow<LineAt>.Parse(_parser, lines.Current, new LineAt(fileIndex, lines.LineNumber), Locate), _closed.Token);
                        }
                    }
                }

                _batches.Complete(_closed.Token);
            }
            catch (Exception e)
            {
                _batches.Fail(e);
                throw;
            }
        }

        private string Locate(LineAt line) => $"{Path.Combine(_baseDir, _files[line.FileIndex])}:{line.Line}";
    }
}
