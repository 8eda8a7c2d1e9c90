using System.Globalization;
using System.Text.Json;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;

namespace Realtime.Core.Parsing;

/// <summary>
/// Decodes one JSON object straight from its UTF-8 bytes: root scalars and lists of scalars become fields
/// (strings stay strings, integers are longs, other numbers doubles, lists <c>string?[]</c>), declared root and
/// path fields are filled, nested objects are read only when a path starts at them.
/// </summary>
/// <remarks>The timestamp is parsed from the bytes of its field while reading. Used by one ingest thread at a time.</remarks>
internal sealed class JsonRecordDecoder : RecordDecoder
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 };

    private readonly FlattenPlan _plan;
    private readonly FieldNameTable _names;
    private readonly object?[] _pathRootValues;
    private readonly List<string?> _items = [];
    private readonly Utf8StringCache _strings = new();

    public JsonRecordDecoder(FlattenPlan plan, FieldNameTable names)
    {
        _plan = plan;
        _names = names;
        _pathRootValues = new object?[plan.PathRootCount];
    }

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> utf8, RowAssembler row)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        Array.Clear(_pathRootValues);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ParseException($"Expected a JSON object but the message starts with {JsonTokens.Describe(reader.TokenType)}: '{InputText.Shorten(utf8)}'",
                    InputText.Shorten(utf8));
            }

            foreach (var declared in _plan.DeclaredNames)
            {
                row.Add(declared, null);
            }

            var position = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueIsEscaped ? _names.Get(reader.GetString()!) : _names.Get(reader.ValueSpan, position);
                position++;
                reader.Read();
                ReadField(ref reader, name, row);
            }

            if (reader.Read())
            {
                throw new JsonException($"Unexpected content after the end of the object at byte {reader.TokenStartIndex}.");
            }
        }
        catch (JsonException e)
        {
            throw Malformed(e, utf8);
        }
        catch (InvalidOperationException e)
        {
            throw new ParseException($"Malformed JSON: {e.Message}: '{InputText.Shorten(utf8)}'", InputText.Shorten(utf8), e);
        }

        if (_pathRootValues.Length > 0)
        {
            foreach (var (slot, root, path) in _plan.Paths)
            {
                row.Set(slot, FieldValues.ToFieldValue(path.EvaluateFromRootValue(_pathRootValues[root]), out _));
            }
        }
    }

    private void ReadField(ref Utf8JsonReader reader, FieldName name, RowAssembler row)
    {
        var take = name.RootSlot >= 0 || (_plan.Discover && !name.IsDeclaredElsewhere);
        if (name.PathRoot >= 0)
        {
            var tree = JsonTree.Read(ref reader);
            _pathRootValues[name.PathRoot] = tree;
            if (take)
            {
                Store(row, name, FieldValues.ToFieldValue(tree, out var discoverable), discoverable);
            }

            return;
        }

        if (!take)
        {
            reader.Skip();
            return;
        }

        object? value;
        var scalar = true;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (name.IsTimestamp && !reader.ValueIsEscaped)
                {
                    row.SetTimestamp(row.Timestamp.Parse(reader.ValueSpan));
                }

                value = reader.ValueIsEscaped ? reader.GetString() : _strings.Get(reader.ValueSpan, name);
                break;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var l))
                {
                    value = FieldValues.Box(l);
                    if (name.IsTimestamp)
                    {
                        row.SetTimestamp(row.Timestamp.ParseNumber(l));
                    }
                }
                else
                {
                    var d = JsonTree.ReadDouble(ref reader);
                    value = d;
                    if (name.IsTimestamp)
                    {
                        row.SetTimestamp(row.Timestamp.ParseNumber(d));
                    }
                }

                break;
            case JsonTokenType.True:
                value = FieldValues.True;
                break;
            case JsonTokenType.False:
                value = FieldValues.False;
                break;
            case JsonTokenType.StartArray:
                value = ReadList(ref reader, name, out scalar);
                break;
            case JsonTokenType.StartObject:
                reader.Skip();
                value = null;
                scalar = false;
                break;
            default:
                value = null;
                break;
        }

        Store(row, name, value, scalar);
    }

    private static void Store(RowAssembler row, FieldName name, object? value, bool discoverable)
    {
        if (name.RootSlot >= 0)
        {
            row.Set(name.RootSlot, value);
        }
        else if (discoverable)
        {
            row.Add(name.Name, value);
        }
    }

    /// <summary>Reads an array as dimension values; elements that are objects or arrays become null and make the field undiscoverable.</summary>
    private string?[] ReadList(ref Utf8JsonReader reader, FieldName name, out bool allScalars)
    {
        allScalars = true;
        _items.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    _items.Add(reader.ValueIsEscaped ? reader.GetString() : _strings.Get(reader.ValueSpan, name));
                    break;
                case JsonTokenType.Number:
                    _items.Add(reader.TryGetInt64(out var l)
                        ? l.ToString(CultureInfo.InvariantCulture)
                        : DimensionValues.ToText(JsonTree.ReadDouble(ref reader)));
                    break;
                case JsonTokenType.True:
                    _items.Add("true");
                    break;
                case JsonTokenType.False:
                    _items.Add("false");
                    break;
                case JsonTokenType.Null:
                    _items.Add(null);
                    break;
                default:
                    reader.Skip();
                    _items.Add(null);
                    allScalars = false;
                    break;
            }
        }

        return _items.Count == 0 ? [] : _items.ToArray();
    }

    private static ParseException Malformed(JsonException e, ReadOnlySpan<byte> utf8)
    {
        var reason = e.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            reason = reason[..cut].TrimEnd();
        }

        var where = e.BytePositionInLine is { } position
            ? e.LineNumber is > 0 ? $" at line {e.LineNumber + 1}, byte {position}" : $" at byte {position}"
            : "";
        var input = InputText.Shorten(utf8);
        return new ParseException($"Malformed JSON{where}: {reason} Input: '{input}'", input, e);
    }
}
