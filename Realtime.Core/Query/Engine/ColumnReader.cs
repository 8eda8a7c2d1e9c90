namespace Realtime.Core.Query.Engine;

/// <summary>Copies a column's values from row <paramref name="start"/> into <paramref name="destination"/>.</summary>
internal delegate void ColumnReader<T>(int start, Span<T> destination);
