namespace Realtime.Abstractions.Segments;

/// <summary>The stored type of a column.</summary>
public enum ColumnType
{
    /// <summary>Dictionary-encoded strings, possibly multi-valued.</summary>
    String,

    /// <summary>64-bit integers.</summary>
    Long,

    /// <summary>32-bit floating point.</summary>
    Float,

    /// <summary>64-bit floating point.</summary>
    Double,

    /// <summary>An aggregator's own state, such as a HyperLogLog sketch.</summary>
    Complex,
}

/// <summary>The name and type of a dimension or metric column.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The stored type.</param>
/// <param name="ComplexTypeName">For complex columns, the type name (for example <c>hyperUnique</c>).</param>
public sealed record ColumnSchema(string Name, ColumnType Type, string? ComplexTypeName = null);
