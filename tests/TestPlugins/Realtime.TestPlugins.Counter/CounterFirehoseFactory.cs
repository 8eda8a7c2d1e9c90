using System.Text;
using System.Text.Json;
using Realtime.Abstractions.Components;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.TestPlugins.Counter;

[assembly: RealtimeComponent("test-counter", typeof(CounterFirehoseFactory))]

namespace Realtime.TestPlugins.Counter;

/// <summary>
/// Emits JSON rows <c>{"timestamp":…,"row":"row-i","value":i}</c> for i below <see cref="Count"/>, resuming after the
/// last committed row, and then either ends or stays open until the node stops.
/// </summary>
public sealed class CounterFirehoseFactory : IFirehoseFactory
{
    /// <summary>How many rows the source holds.</summary>
    public int Count { get; init; } = 10;

    /// <summary>Whether to stay open after the last row instead of ending.</summary>
    public bool HoldOpen { get; init; }

    /// <summary>The event time of every row.</summary>
    public string Timestamp { get; init; } = "2013-08-31T01:00:00Z";

    /// <summary>A file the committer writes the committed position to, so a test can see commits happen.</summary>
    public string? CommittedFile { get; init; }

    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken)
    {
        var next = context.LastCommitMetadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetProperty("next").GetInt32() : 0;
        return new(new CounterFirehose(this, parser, next));
    }

    private sealed class CounterFirehose(CounterFirehoseFactory spec, IInputRowParser parser, int next) : IFirehose
    {
        private readonly CancellationTokenSource _closed = new();

        public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
        {
            if (next < spec.Count)
            {
                return true;
            }

            if (!spec.HoldOpen)
            {
                return false;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            await Task.Delay(Timeout.Infinite, linked.Token);
            return false;
        }

        public InputRow? NextRow()
        {
            var i = next++;
            return parser.Parse(Encoding.UTF8.GetBytes($$"""{"timestamp":"{{spec.Timestamp}}","row":"row-{{i}}","value":{{i}}}"""));
        }

        public ICommitter MakeCommitter()
        {
            var position = next;
            return Committers.Create(JsonSerializer.SerializeToElement(new { next = position }), () =>
            {
                if (spec.CommittedFile is { } file)
                {
                    File.WriteAllText(file + ".tmp", position.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    File.Move(file + ".tmp", file, overwrite: true);
                }
            });
        }

        public async ValueTask DisposeAsync() => await _closed.CancelAsync();
    }
}
