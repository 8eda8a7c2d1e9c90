using Google.Protobuf;
using Google.Protobuf.Reflection;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats.Protobuf;

/// <summary>
/// Reads protobuf messages of one type, known only by its descriptor, into maps keyed by the fields' proto names.
/// </summary>
/// <remarks>
/// Fields absent from a message are absent from the map (as in Druid, which prints the message as JSON). Nested
/// messages become maps, repeated fields lists, map fields maps with text keys, enums their value names (the number
/// when unknown), <c>bytes</c> base64 text and <c>google.protobuf.Timestamp</c> epoch milliseconds. Fields the
/// descriptor does not know are skipped.
/// </remarks>
internal sealed class ProtobufMessageDecoder(MessageDescriptor descriptor) : IRecordDecoder
{
    private const string Timestamp = "google.protobuf.Timestamp";

    public IReadOnlyDictionary<string, object?> Decode(ReadOnlySpan<byte> message)
    {
        try
        {
            return ReadMessage(descriptor, new CodedInputStream(message.ToArray()));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ParseException($"Malformed protobuf message of type {descriptor.FullName}: {e.Message}", inner: e);
        }
    }

    private static Dictionary<string, object?> ReadMessage(MessageDescriptor type, CodedInputStream input)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = type.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
            var wireType = WireFormat.GetTagWireType(tag);
            var packed = field is { IsRepeated: true, IsMap: false } && wireType == WireFormat.WireType.LengthDelimited && WireTypeOf(field.FieldType) != wireType;
            if (field is null || (!packed && WireTypeOf(field.FieldType) != wireType))
            {
                input.SkipLastField();
                continue;
            }

            if (field.IsMap)
            {
                var entries = map.TryGetValue(field.Name, out var existing) ? (Dictionary<string, object?>)existing! : [];
                var entry = ReadMessage(field.MessageType, Nested(input));
                entries[Convert.ToString(entry.GetValueOrDefault("key"), System.Globalization.CultureInfo.InvariantCulture) ?? ""] = entry.GetValueOrDefault("value");
                map[field.Name] = entries;
            }
            else if (field.IsRepeated)
            {
                var items = map.TryGetValue(field.Name, out var existing) ? (List<object?>)existing! : [];
                if (packed)
                {
                    var values = Nested(input);
                    while (!values.IsAtEnd)
                    {
                        items.Add(ReadValue(field, values));
                    }
                }
                else
                {
                    items.Add(ReadValue(field, input));
                }

                map[field.Name] = items;
            }
            else
            {
                map[field.Name] = ReadValue(field, input);
            }
        }

        return map;
    }

    private static CodedInputStream Nested(CodedInputStream input) => new(input.ReadBytes().ToByteArray());

    private static object? ReadValue(FieldDescriptor field, CodedInputStream input) => field.FieldType switch
    {
        FieldType.Double => input.ReadDouble(),
        FieldType.Float => (double)input.ReadFloat(),
        FieldType.Int64 => input.ReadInt64(),
        FieldType.UInt64 => Unsigned(input.ReadUInt64()),
        FieldType.Int32 => input.ReadInt32(),
        FieldType.Fixed64 => Unsigned(input.ReadFixed64()),
        FieldType.Fixed32 => (long)input.ReadFixed32(),
        FieldType.Bool => input.ReadBool(),
        FieldType.String => input.ReadString(),
        FieldType.Bytes => input.ReadBytes().ToBase64(),
        FieldType.UInt32 => (long)input.ReadUInt32(),
        FieldType.SFixed32 => input.ReadSFixed32(),
        FieldType.SFixed64 => input.ReadSFixed64(),
        FieldType.SInt32 => input.ReadSInt32(),
        FieldType.SInt64 => input.ReadSInt64(),
        FieldType.Enum => EnumName(field.EnumType, input.ReadEnum()),
        FieldType.Message when field.MessageType.FullName == Timestamp => EpochMillis(ReadMessage(field.MessageType, Nested(input))),
        FieldType.Message => ReadMessage(field.MessageType, Nested(input)),
        _ => throw new ParseException($"Field {field.FullName} is a {field.FieldType}, which the protobuf parser does not read."),
    };

    private static WireFormat.WireType WireTypeOf(FieldType type) => type switch
    {
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => WireFormat.WireType.Fixed64,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => WireFormat.WireType.Fixed32,
        FieldType.String or FieldType.Bytes or FieldType.Message => WireFormat.WireType.LengthDelimited,
        FieldType.Group => WireFormat.WireType.StartGroup,
        _ => WireFormat.WireType.Varint,
    };

    private static object Unsigned(ulong value) => value <= long.MaxValue ? (long)value : (double)value;

    private static object EnumName(EnumDescriptor type, int number) => (object?)type.FindValueByNumber(number)?.Name ?? number;

    private static long EpochMillis(Dictionary<string, object?> timestamp) =>
        (timestamp.GetValueOrDefault("seconds") is long seconds ? seconds * 1000 : 0)
        + (timestamp.GetValueOrDefault("nanos") is int nanos ? nanos / 1_000_000 : 0);
}
