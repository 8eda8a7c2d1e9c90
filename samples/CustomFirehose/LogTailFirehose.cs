using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Samples.CustomFirehose;

/// <summary>Reads complete lines from a file that may still be growing, remembering the byte offset of each.</summary>
/// <remarks>
/// The ingest loop calls <see cref="HasMoreAsync"/>, <see cref="NextRow"/> and <see cref="MakeCommitter"/> on one
/// thread; the committers run later on a persist thread and touch only what they captured.
/// </remarks>
internal sealed class LogTailFirehose : IFirehose
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly IInputRowParser _parser;
    private readonly string _path;
    private readonly bool _follow;
    private readonly TimeSpan _pollPeriod;
    private readonly string? _positionFile;
    private readonly ILogger _logger;
    private readonly FileStream _stream;
    private readonly CancellationTokenSource _closed = new();
    private byte[] _buffer = new byte[InitialBufferSize];

    // Unread bytes are _buffer[_start.._end); _startOffset is the file offset of _buffer[_start].
    private int _start;
    private int _end;
    private long _startOffset;

    // The next line, found by HasMoreAsync and not yet handed out: _buffer[_start.._lineEnd), then _lineBreak bytes.
    private int _lineEnd = -1;
    private int _lineBreak;

    // The offset after the last line handed to the pipeline: what a committer made now would commit.
    private long _handedOut;

    public LogTailFirehose(IInputRowParser parser, string path, long offset, bool follow, TimeSpan pollPeriod, string? positionFile, ILogger logger)
    {
        _parser = parser;
        _path = path;
        _follow = follow;
        _pollPeriod = pollPeriod;
        _positionFile = positionFile;
        _logger = logger;
        // Writers keep appending (and log rotation may delete the file) while it is open here.
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _stream.Position = offset;
        _startOffset = offset;
        _handedOut = offset;
    }

    public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        while (!FindLine())
        {
            if (await ReadMoreAsync(linked.Token) > 0)
            {
                continue;
            }

            if (!_follow)
            {
                // At the end of a file that is not followed, a last line without a newline is complete.
                if (_end > _start)
                {
                    _lineEnd = _end;
                    _lineBreak = 0;
                    return true;
                }

                return false;
            }

            if (_stream.Length < _startOffset + (_end - _start))
            {
                LogTailLog.FileShrank(_logger, _path, _startOffset + (_end - _start), _stream.Length);
                Rewind();
                continue;
            }

            await Task.Delay(_pollPeriod, linked.Token);
        }

        return true;
    }

    public InputRow? NextRow()
    {
        if (_lineEnd < 0)
        {
            throw new InvalidOperationException("NextRow was called without a line: call HasMoreAsync first.");
        }

        var line = _buffer.AsSpan(_start, _lineEnd - _start);
        var lineOffset = _startOffset;
        Advance(_lineEnd + _lineBreak);
        _handedOut = _startOffset;
        try
        {
            return _parser.Parse(line.EndsWith((byte)'\r') ? line[..^1] : line);
        }
        catch (ParseException e)
        {
            throw new ParseException($"{_path} at byte {lineOffset}: {e.Message}", e.Input, e);
        }
    }

    public ICommitter MakeCommitter()
    {
        var position = new TailPosition(_path, _handedOut);
        return Committers.Create(position.ToJson(), () =>
        {
            if (_positionFile is not null)
            {
                var temporary = _positionFile + ".tmp";
                File.WriteAllText(temporary, position.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
                File.Move(temporary, _positionFile, overwrite: true);
            }

            LogTailLog.Committed(_logger, position.LogFile, position.Offset);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        await _stream.DisposeAsync();
    }

    /// <summary>Looks for the next non-blank line in the buffer; blank lines are consumed on the way.</summary>
    private bool FindLine()
    {
        while (_lineEnd < 0)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                return false;
            }

            var end = _start + newline;
            if (_buffer.AsSpan(_start, newline).IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                Advance(end + 1);
                _handedOut = _startOffset;
                continue;
            }

            _lineEnd = end;
            _lineBreak = 1;
        }

        return true;
    }

    private void Advance(int next)
    {
        _startOffset += next - _start;
        _start = next;
        _lineEnd = -1;
    }

    /// <summary>Reads more of the file behind the unread bytes, moving them to the front and growing the buffer when a line fills it.</summary>
    private async ValueTask<int> ReadMoreAsync(CancellationToken cancellationToken)
    {
        var unread = _end - _start;
        if (unread == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        }

        _start = 0;
        _end = unread;
        int read;
        try
        {
            read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        }
        catch (ObjectDisposedException) when (_closed.IsCancellationRequested)
        {
            throw new OperationCanceledException(_closed.Token);
        }

        _end += read;
        return read;
    }

    /// <summary>Starts again at the beginning of a file that was truncated under us.</summary>
    private void Rewind()
    {
        _stream.Position = 0;
        _start = _end = 0;
        _startOffset = 0;
        _handedOut = 0;
    }
}
