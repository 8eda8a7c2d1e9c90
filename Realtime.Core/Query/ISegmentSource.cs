using Realtime.Abstractions.Segments;

namespace Realtime.Core.Query;

/// <summary>What queries read: the segments of each data source (live sinks and handed-off segments) and their schema.</summary>
public interface ISegmentSource
{
    /// <summary>Every data source with a pipeline or a served segment.</summary>
    IReadOnlyCollection<string> DataSources { get; }

    /// <summary>The segments of <paramref name="dataSource"/>, each id once.</summary>
    IReadOnlyList<IQueryableSegment> GetSegments(string dataSource);

    /// <summary>How <paramref name="dataSource"/> is ingested, when a pipeline ingests it.</summary>
    IngestionSchema? GetSchema(string dataSource) => null;

    /// <summary>The timestamp of the newest event ingested into <paramref name="dataSource"/> since start, or null.</summary>
    long? GetMaxIngestedEventTime(string dataSource) => null;
}
