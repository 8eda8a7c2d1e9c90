using System.Text;
using System.Text.Json;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Firehoses;

/// <summary>
/// Druid's <c>inline</c> firehose: messages written in the spec itself, handed to the parser one by one, then the end.
/// <see cref="Data"/> is either a string of newline-separated messages (blank lines skipped) or an array whose JSON
/// objects (their JSON text) and strings are the messages.
/// </summary>
public sealed class InlineFirehoseFactory : IFirehoseFactory
{
    private readonly JsonElement _data;
    private readonly IReadOnlyList<(string Location, byte[] Message)> _messages = [];

    /// <summary>The messages: a string of lines, or an array of JSON objects or strings.</summary>
    /// <exception cref="ArgumentException">The data is neither, or an array element is neither an object nor a string.</exception>
    public required JsonElement Data
    {
        get => _data;
        init
        {
            _messages = Split(value);
            _data = value;
        }
    }

    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(new InlineFirehose(parser, _messages));

    private static List<(string, byte[])> Split(JsonElement data)
    {
        var messages = new List<(string, byte[])>();
        switch (data.ValueKind)
        {
            case JsonValueKind.String:
                using (var lines = new Utf8LineReader(new MemoryStream(Encoding.UTF8.GetBytes(data.GetString()!)), 4096))
                {
                    while (lines.MoveNext())
                    {
                        messages.Add(($"inline data line {lines.LineNumber}", lines.Current.ToArray()));
                    }
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var element in data.EnumerateArray())
                {
                    var message = element.ValueKind switch
                    {
                        JsonValueKind.Object => Encoding.UTF8.GetBytes(element.GetRawText()),
                        JsonValueKind.String => Encoding.UTF8.GetBytes(element.GetString()!),
                        _ => throw new ArgumentException($"data[{i}] must be a JSON object or a string; found {element.ValueKind}."),
                    };
                    messages.Add(($"inline data[{i++}]", message));
                }

                break;
            default:
                throw new ArgumentException($"data must be a string of newline-separated messages or an array of JSON objects; found {data.ValueKind}.");
        }

        return messages;
    }

    private sealed class InlineFirehose(IInputRowParser parser, IReadOnlyList<(string Location, byte[] Message)> messages) : IFirehose
    {
        private int _next = -1;

        public ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken) => new(_next + 1 < messages.Count);

        public InputRow? NextRow()
        {
            var (location, message) = messages[++_next];
            try
            {
                return parser.Parse(message);
            }
            catch (ParseException e)
            {
                throw new ParseException($"{location}: {e.Message}", e.Input, e);
            }
        }

        public ICommitter MakeCommitter() => Committers.Nil;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
