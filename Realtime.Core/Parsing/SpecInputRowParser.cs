using System.Text;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Parsing;

/// <summary>The parser the built-in parser specs create: a decoder for bytes, a reader for maps, one row assembler.</summary>
/// <remarks>Used by one ingest thread at a time. A message of only white space yields no row.</remarks>
internal sealed class SpecInputRowParser : IInputRowParser
{
    private readonly RecordDecoder _bytes;
    private readonly MapRecordReader _maps;
    private readonly RowAssembler _row;
    private readonly Encoding? _transcode;

    public SpecInputRowParser(RecordDecoder bytes, MapRecordReader maps, RowAssembler row, Encoding encoding)
    {
        _bytes = bytes;
        _maps = maps;
        _row = row;
        _transcode = encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding;
    }

    /// <inheritdoc />
    public InputRow? Parse(ReadOnlySpan<byte> utf8)
    {
        if (_transcode is not null)
        {
            utf8 = Encoding.UTF8.GetBytes(_transcode.GetString(utf8));
        }

        if (IsBlank(utf8))
        {
            return null;
        }

        _row.Begin();
        _bytes.Decode(utf8, _row);
        return _row.Finish();
    }

    /// <inheritdoc />
    public InputRow? Parse(IReadOnlyDictionary<string, object?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _row.Begin();
        _maps.Read(fields, _row);
        return _row.Finish();
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
