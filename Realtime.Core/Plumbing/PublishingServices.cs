using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Storage;
using Realtime.Core.Components;

namespace Realtime.Core.Plumbing;

/// <summary>
/// What the realtime plumber publishes through: deep storage, the metadata store, the handoff notifier, the cluster's
/// segment announcer when the node is in one and, when the node serves its own handed-off segments, the server that
/// takes them over.
/// </summary>
internal sealed record PublishingServices(
    ISegmentPusher Pusher,
    ISegmentPublisher Publisher,
    IHandoffNotifier HandoffNotifier,
    IHandedOffSegmentServer? HandedOffServer,
    ISegmentAnnouncer? Announcer,
    JsonSerializerOptions SpecOptions)
{
    /// <summary>Resolves the services once, when a plumber is made.</summary>
    /// <exception cref="InvalidOperationException">Deep storage, the metadata store or the handoff notifier is not registered.</exception>
    public static PublishingServices From(IServiceProvider services) => new(
        services.GetRequiredService<ISegmentPusher>(),
        services.GetRequiredService<ISegmentPublisher>(),
        services.GetRequiredService<IHandoffNotifier>(),
        services.GetService<IHandedOffSegmentServer>(),
        services.GetService<ISegmentAnnouncer>(),
        services.GetRequiredService<SpecSerializer>().Options);
}
