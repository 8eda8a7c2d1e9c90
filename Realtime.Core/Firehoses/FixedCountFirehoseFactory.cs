using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Firehoses;

/// <summary>Druid's <c>fixedCount</c> firehose: ends after the first <see cref="Count"/> messages of the delegate.</summary>
/// <remarks>
/// Every message counts, including those that yield no row or fail to parse. The count starts again on a restart,
/// while the delegate may resume from its commit metadata.
/// </remarks>
public sealed class FixedCountFirehoseFactory : IFirehoseFactory
{
    private readonly int _count;

    /// <summary>The firehose whose messages are counted.</summary>
    public required IFirehoseFactory Delegate { get; init; }

    /// <summary>How many messages to read, zero or more.</summary>
    /// <exception cref="ArgumentException">The count is negative.</exception>
    public required int Count
    {
        get => _count;
        init => _count = value >= 0 ? value : throw new ArgumentException($"count must be zero or more; got {value}.");
    }

    /// <inheritdoc />
    public async ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new FixedCountFirehose(await Delegate.ConnectAsync(parser, context, cancellationToken), Count);

    private sealed class FixedCountFirehose(IFirehose inner, int count) : DelegatingFirehose(inner)
    {
        private int _read;

        public override ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken) =>
            _read < count ? Inner.HasMoreAsync(cancellationToken) : new(false);

        public override InputRow? NextRow()
        {
            if (_read >= count)
            {
                throw new InvalidOperationException($"The fixedCount firehose has already returned its {count} messages.");
            }

            _read++;
            return Inner.NextRow();
        }
    }
}
