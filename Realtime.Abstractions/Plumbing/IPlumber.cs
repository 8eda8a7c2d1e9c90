using System.Text.Json;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;

namespace Realtime.Abstractions.Plumbing;

/// <summary>The spec's <c>ioConfig.plumber</c>: chooses how a pipeline indexes, persists and publishes rows.</summary>
[Components.ComponentSlot("plumber", DefaultType = "realtime")]
public interface IPlumberSchool
{
    /// <summary>Creates the plumber for one pipeline.</summary>
    IPlumber FindPlumber(PlumberContext context);
}

/// <summary>Indexes rows into segments and decides when they are persisted, merged and published.</summary>
/// <remarks>
/// <see cref="Add"/> and <see cref="Persist"/> are called by the pipeline's ingest thread; <see cref="Segments"/>
/// by query threads at any time.
/// </remarks>
public interface IPlumber
{
    /// <summary>Restores persisted state and returns the commit metadata of the newest persisted data (or null).</summary>
    ValueTask<JsonElement?> StartJobAsync(CancellationToken cancellationToken);

    /// <summary>Adds a row. May block while persists catch up (back-pressure).</summary>
    /// <param name="row">The parsed row.</param>
    /// <param name="committerSupplier">Called when the add triggers a persist, to capture the source position.</param>
    AddResult Add(InputRow row, Func<ICommitter> committerSupplier);

    /// <summary>Persists everything in memory, then runs <paramref name="committer"/>.</summary>
    void Persist(ICommitter committer);

    /// <summary>Called when the firehose has ended: publishes everything and waits for handoff.</summary>
    ValueTask FinishJobAsync(CancellationToken cancellationToken);

    /// <summary>The segments this plumber serves to queries now.</summary>
    IReadOnlyList<IQueryableSegment> Segments { get; }
}

/// <summary>What happened to a row offered to <see cref="IPlumber.Add"/>.</summary>
public enum AddStatus
{
    /// <summary>The row was indexed.</summary>
    Added,

    /// <summary>The row fell outside the rejection policy's window (Druid's thrownAway).</summary>
    ThrownAway,

    /// <summary>The row repeated an already-seen value of the dedup column.</summary>
    Duplicate,
}

/// <summary>The outcome of <see cref="IPlumber.Add"/>.</summary>
/// <param name="Status">Whether the row was indexed.</param>
/// <param name="RowCount">Rows in the sink's in-memory index after the add (0 unless added).</param>
/// <param name="ParseError">Null, or a field of the row that could not be parsed and was left empty.</param>
public readonly record struct AddResult(AddStatus Status, int RowCount = 0, string? ParseError = null)
{
    /// <summary>A row thrown away by the rejection policy.</summary>
    public static AddResult ThrownAway => new(AddStatus.ThrownAway);
}
