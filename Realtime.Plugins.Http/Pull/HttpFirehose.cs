using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Http.Pull;

/// <summary>Reads the fetched objects line by line on the ingest thread while <see cref="ObjectFetcher"/> fetches ahead.</summary>
internal sealed class HttpFirehose : IFirehose
{
    private readonly IInputRowParser _parser;
    private readonly ObjectFetcher _fetcher;
    private readonly List<string> _completed;
    private readonly Position _resumeFrom;
    private FetchedObject? _object;
    private Utf8LineReader? _lines;
    private bool _hasLine;
    private long _handedOutLine;

    public HttpFirehose(HttpFirehoseFactory spec, IInputRowParser parser, FirehoseContext context)
    {
        _parser = parser;
        var logger = HttpLog.CreateLogger<HttpFirehoseFactory>(context.Services);
        _resumeFrom = Position.Read(context.LastCommitMetadata, logger);
        var uris = spec.Uris.Select(u => u.ToString()).ToList();
        _completed = [.. uris.Where(_resumeFrom.CompletedUris.Contains).Distinct()];
        var pending = spec.Uris.Select((uri, index) => (index, uri)).Where(o => !_completed.Contains(o.uri.ToString())).ToList();
        HttpLog.HttpUrisFound(logger, uris.Count, uris.Count - pending.Count);
        _fetcher = new ObjectFetcher(spec, pending, context.Services.GetService<TimeProvider>() ?? TimeProvider.System, logger);
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
            _lines = Open(_object!);
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
        var position = new Position([.. _completed], _object?.Uri.ToString(), _object is null ? 0 : _handedOutLine);
        return Committers.Create(position.ToJson(), static () => { });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _lines?.Dispose();
        await _fetcher.DisposeAsync();
    }

    /// <summary>Whether the current line was read before a restart (it is in the object the commit metadata names).</summary>
    private bool IsResumedLine() => _object!.Uri.ToString() == _resumeFrom.Uri && _lines!.LineNumber <= _resumeFrom.Line;

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

    private static Utf8LineReader Open(FetchedObject fetched)
    {
        Stream stream = new FileStream(fetched.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        if (fetched.ContentEncodedGzip)
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        if (fetched.Uri.AbsolutePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new Utf8LineReader(stream);
    }

    /// <summary>How far the rows handed out have got: whole objects, and lines of the object being read.</summary>
    private sealed record Position(IReadOnlyList<string> CompletedUris, string? Uri, long Line)
    {
        private const string CompletedProperty = "completedUris";

        public JsonElement ToJson()
        {
            var json = new Dictionary<string, object?> { [CompletedProperty] = CompletedUris };
            if (Uri is not null)
            {
                json["uri"] = Uri;
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

            if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty(CompletedProperty, out var completed) && completed.ValueKind == JsonValueKind.Array
                && completed.EnumerateArray().All(u => u.ValueKind == JsonValueKind.String))
            {
                var inObject = m.TryGetProperty("uri", out var uri) && uri.ValueKind == JsonValueKind.String
                    && m.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number;
                return new Position([.. completed.EnumerateArray().Select(u => u.GetString()!)],
                    inObject ? m.GetProperty("uri").GetString() : null, inObject ? m.GetProperty("line").GetInt64() : 0);
            }

            HttpLog.HttpMetadataIgnored(logger, m.GetRawText());
            return new Position([], null, 0);
        }
    }
}
