using System.Text.Json;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Firehoses;

/// <summary>Druid's <c>combining</c> firehose: reads its delegates one after another, each to its end.</summary>
/// <remarks>
/// A delegate is connected when the one before it has ended, and disposed then. Commit metadata is
/// <c>{"delegates": [m0, m1, ...]}</c>, one entry per delegate (null for those not started), and each delegate is
/// given its own entry back on a restart. A committer runs the final committers of the delegates that have ended
/// and the current delegate's.
/// </remarks>
public sealed class CombiningFirehoseFactory : IFirehoseFactory
{
    internal const string DelegatesProperty = "delegates";

    private readonly IReadOnlyList<IFirehoseFactory> _delegates = [];

    /// <summary>The firehoses to read, in order; at least one.</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public required IReadOnlyList<IFirehoseFactory> Delegates
    {
        get => _delegates;
        init => _delegates = value is { Count: > 0 } ? value : throw new ArgumentException("delegates must name at least one firehose.");
    }

    /// <inheritdoc />
    public async ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken)
    {
        var firehose = new CombiningFirehose(this, parser, context);
        await firehose.ConnectNextAsync(cancellationToken);
        return firehose;
    }

    /// <summary>The entries of metadata this firehose wrote, or nulls when there is none (or it is of another shape).</summary>
    private JsonElement?[] SplitMetadata(JsonElement? metadata)
    {
        var entries = new JsonElement?[Delegates.Count];
        if (metadata is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty(DelegatesProperty, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var entry in list.EnumerateArray().Take(entries.Length))
            {
                entries[i++] = entry.ValueKind == JsonValueKind.Null ? null : entry;
            }
        }

        return entries;
    }

    private sealed class CombiningFirehose(CombiningFirehoseFactory factory, IInputRowParser parser, FirehoseContext context) : IFirehose
    {
        private readonly JsonElement?[] _lastMetadata = factory.SplitMetadata(context.LastCommitMetadata);
        private readonly List<ICommitter> _ended = [];
        private int _next;
        private IFirehose? _current;

        public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
        {
            while (_current is not null)
            {
                if (await _current.HasMoreAsync(cancellationToken))
                {
                    return true;
                }

                _ended.Add(_current.MakeCommitter());
                await _current.DisposeAsync();
                _current = null;
                await ConnectNextAsync(cancellationToken);
            }

            return false;
        }

        public InputRow? NextRow() =>
            (_current ?? throw new InvalidOperationException("NextRow was called without a row: call HasMoreAsync first.")).NextRow();

        public ICommitter MakeCommitter()
        {
            var committers = _current is null ? _ended.ToArray() : [.. _ended, _current.MakeCommitter()];
            var entries = new JsonElement?[factory.Delegates.Count];
            for (var i = 0; i < committers.Length; i++)
            {
                entries[i] = committers[i].Metadata;
            }

            var metadata = JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement?[]> { [DelegatesProperty] = entries });
            return Committers.Create(metadata, () =>
            {
                foreach (var committer in committers)
                {
                    committer.Run();
                }
            });
        }

        public ValueTask DisposeAsync() => _current?.DisposeAsync() ?? ValueTask.CompletedTask;

        public async ValueTask ConnectNextAsync(CancellationToken cancellationToken)
        {
            if (_next == factory.Delegates.Count)
            {
                return;
            }

            var index = _next++;
            var delegateContext = new FirehoseContext
            {
                Services = context.Services,
                DataSource = context.DataSource,
                TimeProvider = context.TimeProvider,
                LoggerFactory = context.LoggerFactory,
                LastCommitMetadata = _lastMetadata[index],
            };
            _current = await factory.Delegates[index].ConnectAsync(parser, delegateContext, cancellationToken);
        }
    }
}
