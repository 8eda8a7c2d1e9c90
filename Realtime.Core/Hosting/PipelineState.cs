namespace Realtime.Core.Hosting;

/// <summary>Where a pipeline is in its life.</summary>
public enum PipelineState
{
    /// <summary>Recovering persisted data and connecting the firehose.</summary>
    Starting,

    /// <summary>Reading rows from the firehose.</summary>
    Running,

    /// <summary>The firehose has ended; segments are being merged, pushed and handed off.</summary>
    Finishing,

    /// <summary>Every segment has been handed off; the node keeps serving them.</summary>
    Finished,

    /// <summary>Stopped with the node; persisted data waits for the next start.</summary>
    Stopped,

    /// <summary>Halted by an error; the node keeps serving what was ingested.</summary>
    Failed,
}
