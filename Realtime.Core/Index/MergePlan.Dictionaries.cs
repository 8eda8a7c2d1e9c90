using System.Buffers;
using Realtime.Abstractions.Segments;

namespace Realtime.Core.Index;

// The merged dictionaries: the union of every source's dimensions and values, with each source's id mapping.
internal sealed partial class MergePlan
{
    private static MergedDimension[] UnionDimensions(IReadOnlyList<IQueryableIndex> sources)
    {
        var dimensions = new List<MergedDimension>();
        var byName = new Dictionary<string, MergedDimension>(StringComparer.Ordinal);
        var slot = TimeSlots;
        foreach (var source in sources)
        {
            foreach (var schema in source.Dimensions)
            {
                if (byName.TryGetValue(schema.Name, out var existing))
                {
                    if (existing.Schema.Type != schema.Type)
                    {
                        throw new InvalidOperationException(
                            $"Dimension '{schema.Name}' is {existing.Schema.Type} in one index and {schema.Type} in another; they cannot be merged.");
                    }

                    continue;
                }

                var dimension = new MergedDimension(schema, slot);
                slot += dimension.Width;
                dimensions.Add(dimension);
                byName.Add(schema.Name, dimension);
            }
        }

        var result = dimensions.ToArray();
        foreach (var dimension in result)
        {
            dimension.IdMaps = new int[]?[sources.Count];
        }

        return result;
    }

    private void MergeDictionaries(MergedDimension dimension)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var hasNull = false;
        var multi = false;
        for (var s = 0; s < Sources.Count; s++)
        {
            var column = Sources[s].GetDimension(dimension.Schema.Name);
            if (column is null)
            {
                hasNull |= RowCounts[s] > 0;
                continue;
            }

            multi |= column.HasMultipleValues;
            for (var id = 0; id < column.Cardinality; id++)
            {
                if (column.GetValue(id) is { } value)
                {
                    distinct.Add(value);
                }
                else
                {
                    hasNull = true;
                }
            }
        }

        var sorted = distinct.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        string?[] values = hasNull ? [null, .. sorted] : [.. sorted];
        var ids = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        for (var id = hasNull ? 1 : 0; id < values.Length; id++)
        {
            ids.Add(values[id]!, id);
        }

        for (var s = 0; s < Sources.Count; s++)
        {
            if (Sources[s].GetDimension(dimension.Schema.Name) is { } column)
            {
                var map = new int[column.Cardinality];
                for (var id = 0; id < map.Length; id++)
                {
                    map[id] = column.GetValue(id) is { } value ? ids[value] : 0;
                }

                dimension.IdMaps[s] = map;
            }
        }

        dimension.Values = values;
        dimension.HasNull = hasNull;
        dimension.Multi = multi;
    }

    /// <summary>Replaces the set numbers in multi-value slots by the sets' ranks in value order.</summary>
    private void RankSets()
    {
        foreach (var dimension in Dimensions.Where(d => d.SetNumbers.Count > 0))
        {
            var found = new int[dimension.SetNumbers.Count][];
            foreach (var (set, number) in dimension.SetNumbers)
            {
                found[number] = set;
            }

            var order = Enumerable.Range(0, found.Length).ToArray();
            Array.Sort(order, (a, b) => found[a].AsSpan().SequenceCompareTo(found[b]));
            var rank = new int[found.Length];
            for (var i = 0; i < order.Length; i++)
            {
                rank[order[i]] = i;
                dimension.Sets.Add(found[order[i]]);
            }

            for (var s = 0; s < _keys.Length; s++)
            {
                var keys = _keys[s];
                var length = RowCounts[s] * _keyWidth;
                for (var at = dimension.Slot; at < length; at += _keyWidth)
                {
                    keys[at] = rank[keys[at]];
                }
            }
        }
    }
}
