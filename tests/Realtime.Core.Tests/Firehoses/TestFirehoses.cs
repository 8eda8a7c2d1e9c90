using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Tests.Firehoses;

/// <summary>
/// A firehose over fixed messages that can resume: its commit metadata is <c>{"position": n}</c>, the messages read,
/// and it skips that many when connected with such metadata. It records what happened to it.
/// </summary>
internal sealed class ListFirehoseFactory(params string[] messages) : IFirehoseFactory
{
    private readonly string[] _messages = messages;

    public List<JsonElement?> ConnectedWith { get; } = [];

    public int Connections { get; private set; }

    public int Disposals { get; private set; }

    public int CommitsRun { get; private set; }

    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken)
    {
        Connections++;
        ConnectedWith.Add(context.LastCommitMetadata);
        var position = context.LastCommitMetadata is { } m ? m.GetProperty("position").GetInt32() : 0;
        return new(new ListFirehose(this, parser, position));
    }

    private sealed class ListFirehose(ListFirehoseFactory factory, IInputRowParser parser, int position) : IFirehose
    {
        public ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken) => new(position < factory._messages.Length);

        public InputRow? NextRow() => parser.Parse(Encoding.UTF8.GetBytes(factory._messages[position++]));

        public ICommitter MakeCommitter() =>
            Committers.Create(JsonSerializer.SerializeToElement(new { position }), () => factory.CommitsRun++);

        public ValueTask DisposeAsync()
        {
            factory.Disposals++;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A firehose whose messages are written by the test while it waits, like a push source.</summary>
internal sealed class ChannelFirehoseFactory : IFirehoseFactory
{
    public Channel<string> Messages { get; } = Channel.CreateUnbounded<string>();

    public bool Disposed { get; private set; }

    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(new ChannelFirehose(this, parser));

    private sealed class ChannelFirehose(ChannelFirehoseFactory factory, IInputRowParser parser) : IFirehose
    {
        private string? _current;

        public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
        {
            while (await factory.Messages.Reader.WaitToReadAsync(cancellationToken))
            {
                if (factory.Messages.Reader.TryRead(out _current))
                {
                    return true;
                }
            }

            return false;
        }

        public InputRow? NextRow() => parser.Parse(Encoding.UTF8.GetBytes(_current!));

        public ICommitter MakeCommitter() => Committers.Nil;

        public ValueTask DisposeAsync()
        {
            factory.Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Builds the context a pipeline would pass to a firehose.</summary>
internal static class FirehoseContexts
{
    public static FirehoseContext Create(JsonElement? lastCommitMetadata = null, TimeProvider? clock = null) => new()
    {
        Services = new ServiceCollection().BuildServiceProvider(),
        DataSource = "test",
        TimeProvider = clock ?? TimeProvider.System,
        LastCommitMetadata = lastCommitMetadata,
    };
}
