using Realtime.Abstractions.Components;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.TestPlugins.Sequence;

[assembly: RealtimeComponent("test-numerals", typeof(NumeralsFirehoseFactory))]

namespace Realtime.TestPlugins.Sequence;

/// <summary>A firehose that emits the numbers below <see cref="Count"/> spelled in English.</summary>
public sealed class NumeralsFirehoseFactory : IFirehoseFactory
{
    /// <summary>How many numbers to emit, at most 10.</summary>
    public int Count { get; init; } = 3;

    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(new MessageFirehose(parser, Enumerable.Range(0, Count).Select(Numerals.Numerals.Spell)));
}
