namespace Realtime.Core.Parsing;

/// <summary>
/// Reads an event that is already a map (HTTP push, embedded sources) with the same rules as JSON: scalars and
/// lists of scalars become fields, declared root and path fields are filled, nested maps are walked by paths only.
/// </summary>
/// <remarks>Values may be .NET scalars, <see cref="System.Text.Json.JsonElement"/>s, lists and dictionaries. Used by one ingest thread at a time.</remarks>
internal sealed class MapRecordReader
{
    private readonly FlattenPlan _plan;
    private readonly FieldNameTable _names;
    private readonly object?[] _pathRootValues;

    public MapRecordReader(FlattenPlan plan, FieldNameTable names)
    {
        _plan = plan;
        _names = names;
        _pathRootValues = new object?[plan.PathRootCount];
    }

    /// <summary>Adds the event's fields to <paramref name="row"/>, which has begun a new event.</summary>
    public void Read(IReadOnlyDictionary<string, object?> fields, RowAssembler row)
    {
        Array.Clear(_pathRootValues);
        foreach (var declared in _plan.DeclaredNames)
        {
            row.Add(declared, null);
        }

        foreach (var (key, raw) in fields)
        {
            var name = _names.Get(key);
            if (name.PathRoot >= 0)
            {
                _pathRootValues[name.PathRoot] = raw;
            }

            if (name.RootSlot >= 0)
            {
                row.Set(name.RootSlot, FieldValues.ToFieldValue(raw, out _));
            }
            else if (_plan.Discover && !name.IsDeclaredElsewhere)
            {
                var value = FieldValues.ToFieldValue(raw, out var discoverable);
                if (discoverable)
                {
                    row.Add(name.Name, value);
                }
            }
        }

        if (_pathRootValues.Length > 0)
        {
            foreach (var (slot, root, path) in _plan.Paths)
            {
                row.Set(slot, FieldValues.ToFieldValue(path.EvaluateFromRootValue(_pathRootValues[root]), out _));
            }
        }
    }
}
