using Realtime.Abstractions.Components;

namespace Realtime.Abstractions.Storage;

/// <summary>
/// A kind of deep storage (Druid's <c>druid.storage.type</c>), chosen by the node's <c>Realtime:Storage:Type</c>:
/// the built-in <c>local</c>, or one a plugin registers, such as an object store.
/// </summary>
/// <remarks>
/// The node makes one instance at start-up. Its constructor's parameters come from the node's services (loggers,
/// <see cref="TimeProvider"/>, options), and a parameter of type <c>IConfigurationSection</c> gets the
/// <c>Realtime:Storage</c> section, where its own settings live. Added in contracts 1.2.
/// </remarks>
[ComponentSlot("deep storage")]
public interface IDeepStorage
{
    /// <summary>Pushes merged segments to this storage.</summary>
    ISegmentPusher Pusher { get; }

    /// <summary>Pulls pushed segments back out of this storage.</summary>
    ISegmentPuller Puller { get; }
}

/// <summary>
/// A kind of metadata store (Druid's <c>druid.metadata.storage.type</c>), chosen by the node's
/// <c>Realtime:Metadata:Type</c>: the built-in <c>sqlite</c>, or one a plugin registers.
/// </summary>
/// <remarks>
/// Made once at start-up like <see cref="IDeepStorage"/>; an <c>IConfigurationSection</c> parameter gets the
/// <c>Realtime:Metadata</c> section. Added in contracts 1.2.
/// </remarks>
[ComponentSlot("metadata storage")]
public interface IMetadataStorage
{
    /// <summary>The store's segments table.</summary>
    ISegmentMetadataStore Store { get; }
}
