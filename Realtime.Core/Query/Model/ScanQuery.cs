namespace Realtime.Core.Query.Model;

/// <summary>The <c>scan</c> query: raw stored rows, in batches.</summary>
public sealed class ScanQuery : Query
{
    /// <summary>The columns returned; all when empty.</summary>
    public List<string> Columns { get; init; } = [];

    /// <summary>The most rows returned, or null for all.</summary>
    public long? Limit { get; init; }

    /// <summary>The rows skipped before the first one returned.</summary>
    public long Offset { get; init; }

    /// <summary><c>none</c> (storage order), <c>ascending</c> or <c>descending</c> by time.</summary>
    public string Order { get; init; } = "none";

    /// <summary><c>list</c> (objects) or <c>compactedList</c> (arrays in column order).</summary>
    public string ResultFormat { get; init; } = "list";

    /// <summary>The most rows in one result batch.</summary>
    public int BatchSize { get; init; } = 20480;

    /// <summary>Druid's legacy mode: the time column is named <c>timestamp</c>.</summary>
    public bool Legacy { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Order is not ("none" or "ascending" or "descending"))
        {
            throw new QueryValidationException("$.order", $"order must be none, ascending or descending; found '{Order}'.");
        }

        if (ResultFormat is not ("list" or "compactedList"))
        {
            throw new QueryValidationException("$.resultFormat", $"resultFormat must be list or compactedList; found '{ResultFormat}'.");
        }

        if (BatchSize <= 0)
        {
            throw new QueryValidationException("$.batchSize", "batchSize must be positive.");
        }

        if (Limit is <= 0)
        {
            throw new QueryValidationException("$.limit", "limit must be positive.");
        }

        if (Offset < 0)
        {
            throw new QueryValidationException("$.offset", "offset must not be negative.");
        }
    }
}
