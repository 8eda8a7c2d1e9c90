using System.Text.Json;

namespace Realtime.Abstractions.Firehose;

/// <summary>A position in a source, captured when a persist starts and committed after it is durable.</summary>
public interface ICommitter
{
    /// <summary>Metadata stored with the persisted data (offsets, file positions); returned on restart.</summary>
    JsonElement? Metadata { get; }

    /// <summary>Acknowledges the position to the source. Runs on a persist thread; never runs if the persist failed.</summary>
    void Run();
}

/// <summary>Ready-made committers.</summary>
public static class Committers
{
    /// <summary>A committer with no metadata that does nothing, for sources that cannot acknowledge.</summary>
    public static ICommitter Nil { get; } = new ActionCommitter(null, static () => { });

    /// <summary>A committer carrying <paramref name="metadata"/> that runs <paramref name="commit"/>.</summary>
    public static ICommitter Create(JsonElement? metadata, Action commit) => new ActionCommitter(metadata, commit);

    private sealed class ActionCommitter(JsonElement? metadata, Action commit) : ICommitter
    {
        public JsonElement? Metadata { get; } = metadata;

        public void Run() => commit();
    }
}
