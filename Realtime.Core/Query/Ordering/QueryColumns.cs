namespace Realtime.Core.Query.Ordering;

/// <summary>The output columns of a query, by kind, with the ordering each metric column sorts by.</summary>
/// <param name="Dimensions">Dimension output names, in query order.</param>
/// <param name="Metrics">Aggregator and post-aggregator names with the comparer of their values.</param>
public sealed record QueryColumns(IReadOnlyList<string> Dimensions, IReadOnlyDictionary<string, IComparer<object?>> Metrics);
