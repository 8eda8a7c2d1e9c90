namespace Realtime.Plugins.Http.Receiver;

/// <summary>Why a receiver stopped taking pushes.</summary>
internal enum CloseReason
{
    /// <summary>A shutdown request, now or at its shutoff time.</summary>
    ShutDown,

    /// <summary>No push came for <c>maxIdleTime</c>.</summary>
    Idle,

    /// <summary>The pipeline is stopping with the node.</summary>
    Stopping,
}
