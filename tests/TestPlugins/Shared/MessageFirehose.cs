using System.Text;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.TestPlugins;

/// <summary>Hands each message's UTF-8 bytes to the parser in turn, then ends. Compiled into every test plugin.</summary>
internal sealed class MessageFirehose(IInputRowParser parser, IEnumerable<string> messages) : IFirehose
{
    private readonly IEnumerator<string> _messages = messages.GetEnumerator();
    private bool? _hasMore;

    public ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        _hasMore ??= _messages.MoveNext();
        return new(_hasMore.Value);
    }

    public InputRow? NextRow()
    {
        _hasMore = null;
        return parser.Parse(Encoding.UTF8.GetBytes(_messages.Current));
    }

    public ICommitter MakeCommitter() => Committers.Nil;

    public ValueTask DisposeAsync()
    {
        _messages.Dispose();
        return ValueTask.CompletedTask;
    }
}
