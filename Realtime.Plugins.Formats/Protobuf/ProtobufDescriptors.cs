using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Realtime.Plugins.Formats.Protobuf;

/// <summary>Loads a compiled <c>FileDescriptorSet</c> (<c>protoc --descriptor_set_out</c>) and finds a message type in it.</summary>
internal static class ProtobufDescriptors
{
    private const string Field = "parser.descriptor";

    /// <summary>The well-known types, added when a set refers to them without holding them.</summary>
    private static readonly FileDescriptor[] WellKnown =
    [
        TimestampReflection.Descriptor, DurationReflection.Descriptor, AnyReflection.Descriptor, StructReflection.Descriptor,
        WrappersReflection.Descriptor, EmptyReflection.Descriptor, FieldMaskReflection.Descriptor,
    ];

    /// <summary>Reads the descriptor set at <paramref name="location"/>: a file path, a <c>file:</c> URL or an <c>http(s):</c> URL.</summary>
    /// <exception cref="ArgumentException">The set cannot be read or is not a valid descriptor set; the message names the field.</exception>
    public static IReadOnlyList<FileDescriptor> Load(string location)
    {
        byte[] bytes;
        try
        {
            bytes = Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? Download(uri)
                : File.ReadAllBytes(uri is { IsFile: true } ? uri.LocalPath : location);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException)
        {
            throw new ArgumentException($"protobuf parser: {Field} '{location}' cannot be read: {e.Message}", e);
        }

        try
        {
            var set = FileDescriptorSet.Parser.ParseFrom(bytes);
            var held = set.File.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var needed = set.File.SelectMany(f => f.Dependency).ToHashSet(StringComparer.Ordinal);
            var data = WellKnown.Where(w => needed.Contains(w.Name) && !held.Contains(w.Name)).Select(w => w.SerializedData)
                .Concat(set.File.Select(f => f.ToByteString()));
            var files = FileDescriptor.BuildFromByteStrings(data);
            return files.Where(f => held.Contains(f.Name)).ToList();
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or DescriptorValidationException or ArgumentException)
        {
            throw new ArgumentException($"protobuf parser: {Field} '{location}' is not a valid FileDescriptorSet: {e.Message}", e);
        }
    }

    /// <summary>
    /// The message type named <paramref name="name"/> (a full name such as <c>pkg.Event</c>, or a unique simple name), or
    /// without a name the first message type of the last file (the one protoc was given).
    /// </summary>
    /// <exception cref="ArgumentException">No message type, or several, have that name; the message lists the known ones.</exception>
    public static MessageDescriptor Find(IReadOnlyList<FileDescriptor> files, string? name)
    {
        var all = files.SelectMany(f => f.MessageTypes).SelectMany(Nested).ToList();
        if (name is null)
        {
            return files.LastOrDefault(f => f.MessageTypes.Count > 0)?.MessageTypes[0]
                ?? throw new ArgumentException($"protobuf parser: {Field} holds no message types.");
        }

        var matches = all.Where(m => m.FullName == name).ToList();
        if (matches.Count == 0)
        {
            matches = all.Where(m => m.Name == name).ToList();
        }

        return matches.Count == 1
            ? matches[0]
            : throw new ArgumentException(
                $"protobuf parser: parser.protoMessageType '{name}' {(matches.Count == 0 ? "is not" : "names several message types")} in {Field}; known: {string.Join(", ", all.Select(m => m.FullName))}.");
    }

    private static IEnumerable<MessageDescriptor> Nested(MessageDescriptor message) =>
        message.NestedTypes.Where(n => n.GetOptions()?.MapEntry != true).SelectMany(Nested).Prepend(message);

    private static byte[] Download(Uri uri)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return http.GetByteArrayAsync(uri).GetAwaiter().GetResult();
    }
}
