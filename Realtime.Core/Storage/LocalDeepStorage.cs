using Realtime.Abstractions.Storage;

namespace Realtime.Core.Storage;

/// <summary>The built-in <c>local</c> deep storage: segments zipped on a local or shared directory.</summary>
public sealed class LocalDeepStorage(LocalSegmentPusher pusher, LocalSegmentPuller puller) : IDeepStorage
{
    /// <inheritdoc />
    public ISegmentPusher Pusher { get; } = pusher;

    /// <inheritdoc />
    public ISegmentPuller Puller { get; } = puller;
}
