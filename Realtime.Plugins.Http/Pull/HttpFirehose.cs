using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Sdk;

namespace Realtime.Plugins.Http.Pull;

/// <summary>Reads the fetched objects line by line on the ingest thread while <see cref="ObjectFetcher"/> fetches ahead.</summary>
internal sealed class HttpFirehose : IFirehose
{
    private const string CompletedProperty = "completedUris";
    private const string UriProperty = "uri";

    private readonly IInputRowParser _parser;
    private readonly ObjectFetcher _fetcher;
    private readonly List<string> _completed;
    private readonly LinePosition _resumeFrom;
    private FetchedObject? _object;
    private Utf8LineReader? _lines;
    private bool _hasLine;
    private long _handedOutLine;

    public HttpFirehose(HttpFirehoseFactory spec, IInputRowParser parser, FirehoseContext context)
    {
        _parser = parser;
        var logger = context.LoggerFactory.CreateLogger<HttpFirehoseFactory>();
        var resumeFrom = LinePosition.Read(context.LastCommitMetadata, CompletedProperty, UriProperty);
        if (resumeFrom is null)
        {
            HttpLog.HttpMetadataIgnored(logger, context.LastCommitMetadata!.Value.GetRawText());
            resumeFrom = LinePosition.Start;
        }

        _resumeFrom = resumeFrom;
        var uris = spec.Uris.Select(u => u.ToString()).ToList();
        _completed = [.. uris.Where(_resumeFrom.Completed.Contains).Distinct()];
        var pending = spec.Uris.Select((uri, index) => (index, uri)).Where(o => !_completed.Contains(o.uri.ToString())).ToList();
        HttpLog.HttpUrisFound(logger, uris.Count, uris.Count - pending.Count);
        _fetcher = new ObjectFetcher(spec, pending, context.TimeProvider, logger);
    }

    /// <inheritdoc />
    public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        while (!_hasLine)
        {
            if (_lines is not null && _lines.MoveNext())
            {
                _hasLine = !IsResumedLine();
                if (!_hasLine)
                {
                    _handedOutLine = _lines.LineNumber;
                }

                continue;
            }

            FinishObject();
            if (!await _fetcher.Fetched.WaitToReadAsync(cancellationToken))
            {
                return false;
            }

            _fetcher.Fetched.TryRead(out _object);
            _lines = LineFiles.Open(_object!.Path, _object.Uri.AbsolutePath, _object.ContentEncodedGzip);
            _handedOutLine = 0;
        }

        return true;
    }

    /// <inheritdoc />
    public InputRow? NextRow()
    {
        if (!_hasLine)
        {
            throw new InvalidOperationException("NextRow was called without a row: call HasMoreAsync first.");
        }

        _hasLine = false;
        _handedOutLine = _lines!.LineNumber;
        try
        {
            return _parser.Parse(_lines.Current);
        }
        catch (ParseException e)
        {
            throw new ParseException($"{_object!.Uri}:{_handedOutLine}: {e.Message}", e.Input, e);
        }
    }

    /// <inheritdoc />
    public ICommitter MakeCommitter()
    {
        var position = new LinePosition([.. _completed], _object?.Uri.ToString(), _object is null ? 0 : _handedOutLine);
        return Committers.Create(position.ToJson(CompletedProperty, UriProperty), static () => { });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _lines?.Dispose();
        await _fetcher.DisposeAsync();
    }

    /// <summary>Whether the current line was read before a restart (it is in the object the commit metadata names).</summary>
    private bool IsResumedLine() => _object!.Uri.ToString() == _resumeFrom.Current && _lines!.LineNumber <= _resumeFrom.Line;

    private void FinishObject()
    {
        if (_object is null)
        {
            return;
        }

        _lines!.Dispose();
        _lines = null;
        _fetcher.Release(_object);
        _completed.Add(_object.Uri.ToString());
        _object = null;
    }
}
