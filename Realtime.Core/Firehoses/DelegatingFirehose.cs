using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Firehoses;

/// <summary>A firehose that passes everything to another one; wrappers override what they change.</summary>
internal abstract class DelegatingFirehose(IFirehose inner) : IFirehose
{
    /// <summary>The wrapped firehose.</summary>
    protected IFirehose Inner { get; } = inner;

    /// <inheritdoc />
    public virtual ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken) => Inner.HasMoreAsync(cancellationToken);

    /// <inheritdoc />
    public virtual InputRow? NextRow() => Inner.NextRow();

    /// <inheritdoc />
    public ICommitter MakeCommitter() => Inner.MakeCommitter();

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync() => Inner.DisposeAsync();
}
