using Realtime.Abstractions.Segments;
using Realtime.Core.Collections;

namespace Realtime.Core.Index;

/// <summary>A dimension of the merged output: its type, its place in the merge key, and for strings the merged sorted dictionary.</summary>
internal sealed class MergedDimension(ColumnSchema schema, int slot)
{
    public ColumnSchema Schema { get; } = schema;

    public int Slot { get; } = slot;

    public int Width => Schema.Type is ColumnType.Long or ColumnType.Double ? 2 : 1;

    public string?[] Values { get; set; } = [];

    public bool HasNull { get; set; }

    public bool Multi { get; set; }

    public int[]?[] IdMaps { get; set; } = [];

    /// <summary>The distinct value sets of a multi-value dimension, by their rank in value order.</summary>
    public List<int[]> Sets { get; } = [];

    /// <summary>While keys are built: each distinct set of merged ids and its number in order of discovery.</summary>
    public Dictionary<int[], int> SetNumbers { get; } = new(IntArrayComparer.Instance);
}
