using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Type = Google.Protobuf.Reflection.FieldDescriptorProto.Types.Type;
using static Google.Protobuf.Reflection.FieldDescriptorProto.Types;
using static Google.Protobuf.WireFormat;

namespace Realtime.Plugins.Formats.Tests.Protobuf;

/// <summary>
/// A protobuf schema of wiki edits, described in code as a <see cref="FileDescriptorProto"/>, and messages of it written with
/// Google.Protobuf's writers.
/// </summary>
internal static class EditMessages
{
    public static readonly FileDescriptorProto File = CreateFile();

    /// <summary>The descriptor set of <see cref="File"/>, written to a temporary file; with or without the Timestamp type's file.</summary>
    public static string WriteDescriptorSet(bool includeTimestamp)
    {
        var set = new FileDescriptorSet();
        if (includeTimestamp)
        {
            set.File.Add(FileDescriptorProto.Parser.ParseFrom(TimestampReflection.Descriptor.SerializedData));
        }

        set.File.Add(File);
        var path = Path.Combine(Path.GetTempPath(), $"edit-{Guid.NewGuid():N}.desc");
        System.IO.File.WriteAllBytes(path, set.ToByteArray());
        return path;
    }

    /// <summary>An edit message with every field set.</summary>
    public static byte[] Edit(DateTime time, string page, long added, string kind, string city, string[] tags, int[] scores, Dictionary<string, string> attributes, ulong count)
    {
        return Write(o =>
        {
            o.WriteTag(1, WireType.LengthDelimited);
            o.WriteMessage(Timestamp.FromDateTime(time));
            o.WriteTag(2, WireType.LengthDelimited);
            o.WriteString(page);
            o.WriteTag(3, WireType.Varint);
            o.WriteInt64(added);
            o.WriteTag(4, WireType.Varint);
            o.WriteInt32(-5);
            o.WriteTag(5, WireType.Fixed64);
            o.WriteDouble(added / 3d);
            o.WriteTag(6, WireType.Varint);
            o.WriteBool(true);
            o.WriteTag(7, WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFromUtf8(page));
            o.WriteTag(8, WireType.Varint);
            o.WriteEnum(kind == "CREATE" ? 1 : 0);
            o.WriteTag(9, WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(Write(user =>
            {
                user.WriteTag(1, WireType.LengthDelimited);
                user.WriteString("user-" + page);
                user.WriteTag(2, WireType.LengthDelimited);
                user.WriteBytes(ByteString.CopyFrom(Write(address =>
                {
                    address.WriteTag(1, WireType.LengthDelimited);
                    address.WriteString(city);
                })));
            })));
            new RepeatedField<string> { tags }.WriteTo(o, FieldCodec.ForString(MakeTag(10, WireType.LengthDelimited)));
            new RepeatedField<int> { scores }.WriteTo(o, FieldCodec.ForInt32(MakeTag(11, WireType.LengthDelimited)));
            new MapField<string, string> { attributes }.WriteTo(o, new MapField<string, string>.Codec(
                FieldCodec.ForString(MakeTag(1, WireType.LengthDelimited)), FieldCodec.ForString(MakeTag(2, WireType.LengthDelimited)), MakeTag(12, WireType.LengthDelimited)));
            o.WriteTag(13, WireType.Fixed32);
            o.WriteFloat(0.25f);
            o.WriteTag(14, WireType.Varint);
            o.WriteUInt64(count);
            o.WriteTag(15, WireType.Varint);
            o.WriteSInt64(-added);
            o.WriteTag(99, WireType.Varint);
            o.WriteInt32(12345);
        });
    }

    private static byte[] Write(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            write(output);
        }

        return stream.ToArray();
    }

    private static FileDescriptorProto CreateFile()
    {
        var file = new FileDescriptorProto { Name = "wiki/edit.proto", Package = "wiki", Syntax = "proto3", Dependency = { "google/protobuf/timestamp.proto" } };
        file.EnumType.Add(new EnumDescriptorProto
        {
            Name = "Kind",
            Value = { new EnumValueDescriptorProto { Name = "EDIT", Number = 0 }, new EnumValueDescriptorProto { Name = "CREATE", Number = 1 } },
        });
        file.MessageType.Add(new DescriptorProto { Name = "Address", Field = { Field("city", 1, Type.String) } });
        file.MessageType.Add(new DescriptorProto { Name = "User", Field = { Field("name", 1, Type.String), Field("address", 2, Type.Message, ".wiki.Address") } });
        file.MessageType.Insert(0, new DescriptorProto
        {
            Name = "Edit",
            NestedType =
            {
                new DescriptorProto
                {
                    Name = "AttributesEntry",
                    Field = { Field("key", 1, Type.String), Field("value", 2, Type.String) },
                    Options = new MessageOptions { MapEntry = true },
                },
            },
            Field =
            {
                Field("time", 1, Type.Message, ".google.protobuf.Timestamp"),
                Field("page", 2, Type.String),
                Field("added", 3, Type.Int64),
                Field("delta", 4, Type.Int32),
                Field("ratio", 5, Type.Double),
                Field("robot", 6, Type.Bool),
                Field("payload", 7, Type.Bytes),
                Field("kind", 8, Type.Enum, ".wiki.Kind"),
                Field("user", 9, Type.Message, ".wiki.User"),
                Field("tags", 10, Type.String, repeated: true),
                Field("scores", 11, Type.Int32, repeated: true),
                Field("attributes", 12, Type.Message, ".wiki.Edit.AttributesEntry", repeated: true),
                Field("weight", 13, Type.Float),
                Field("count", 14, Type.Uint64),
                Field("offset", 15, Type.Sint64),
            },
        });
        return file;
    }

    private static FieldDescriptorProto Field(string name, int number, Type type, string? typeName = null, bool repeated = false)
    {
        var field = new FieldDescriptorProto { Name = name, Number = number, Type = type, Label = repeated ? Label.Repeated : Label.Optional, JsonName = name };
        if (typeName is not null)
        {
            field.TypeName = typeName;
        }

        return field;
    }
}
