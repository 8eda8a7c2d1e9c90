namespace Realtime.Abstractions.Parsing;

/// <summary>An <see cref="InputRow"/> backed by a dictionary of field values.</summary>
public sealed class MapInputRow(long timestampMillis, IReadOnlyList<string> dimensions, IReadOnlyDictionary<string, object?> fields) : InputRow
{
    /// <inheritdoc />
    public override long TimestampMillis { get; } = timestampMillis;

    /// <inheritdoc />
    public override IReadOnlyList<string> Dimensions { get; } = dimensions;

    /// <summary>All fields of the event, including those that are not dimensions.</summary>
    public IReadOnlyDictionary<string, object?> Fields { get; } = fields;

    /// <inheritdoc />
    public override object? GetRaw(string column) => Fields.TryGetValue(column, out var value) ? value : null;

    /// <inheritdoc />
    public override string ToString() =>
        $"{{timestamp={Time.DateTimes.Format(TimestampMillis)}, {string.Join(", ", Fields.Select(f => $"{f.Key}={f.Value}"))}}}";
}
