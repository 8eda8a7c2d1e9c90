using System.Text;

namespace Realtime.Core.Parsing;

/// <summary>What a parser knows about one input field name, worked out once per distinct name.</summary>
/// <param name="name">The row's field name (lower-cased for <c>jsonLowercase</c>), interned.</param>
/// <param name="rootSlot">The row position of the declared root field with this name, or -1.</param>
/// <param name="pathRoot">The index of the path root this field is, or -1.</param>
/// <param name="isDeclaredElsewhere">A declared path field has this name, so discovery leaves the input field alone.</param>
/// <param name="isTimestamp">The field is the timestamp column.</param>
internal sealed class FieldName(string name, int rootSlot, int pathRoot, bool isDeclaredElsewhere, bool isTimestamp)
{
    private int _lookups;
    private int _hits;
    private byte[]? _lastUtf8;
    private int _lastLength;
    private string? _lastValue;

    /// <summary>The row's field name, interned.</summary>
    public string Name { get; } = name;

    /// <summary>The row position of the declared root field with this name, or -1.</summary>
    public int RootSlot { get; } = rootSlot;

    /// <summary>The index of the path root this field is, or -1.</summary>
    public int PathRoot { get; } = pathRoot;

    /// <summary>A declared path field has this name, so discovery leaves the input field alone.</summary>
    public bool IsDeclaredElsewhere { get; } = isDeclaredElsewhere;

    /// <summary>The field is the timestamp column.</summary>
    public bool IsTimestamp { get; } = isTimestamp;

    /// <summary>Whether the field's text values go through the <see cref="Utf8StringCache"/>.</summary>
    public bool CachesValues { get; private set; } = !isTimestamp;

    /// <summary>Whether the field's previous cached value has these bytes, and its string.</summary>
    public bool TryGetLastValue(ReadOnlySpan<byte> utf8, out string value)
    {
        value = _lastValue!;
        return _lastValue is not null && utf8.Length == _lastLength && utf8.SequenceEqual(_lastUtf8.AsSpan(0, _lastLength));
    }

    /// <summary>Remembers the field's latest cached value (at most <see cref="Utf8StringCache.MaxLength"/> bytes).</summary>
    public void SetLastValue(ReadOnlySpan<byte> utf8, string value)
    {
        _lastUtf8 ??= new byte[Utf8StringCache.MaxLength];
        utf8.CopyTo(_lastUtf8);
        _lastLength = utf8.Length;
        _lastValue = value;
    }

    /// <summary>Counts a value lookup; after <paramref name="trial"/> lookups a field hitting less than half the time stops caching.</summary>
    public void ScoreValue(bool hit, int trial)
    {
        _hits += hit ? 1 : 0;
        if (++_lookups == trial)
        {
            CachesValues = _hits * 2 >= trial;
            _lookups = 0;
            _hits = 0;
        }
    }
}

/// <summary>
/// Maps input field names, as UTF-8 bytes or as strings, to <see cref="FieldName"/>s without allocating once a
/// name has been seen. Holds at most a few thousand names; rarer ones are worked out each time.
/// </summary>
/// <remarks>Used by one ingest thread at a time.</remarks>
internal sealed class FieldNameTable
{
    private const int MaxNames = 4096;

    private readonly FlattenPlan _plan;
    private readonly RowAssembler _row;
    private readonly Dictionary<string, FieldName> _byString = new(StringComparer.Ordinal);
    private readonly Entry?[] _byPosition = new Entry?[64];
    private Entry?[] _buckets = new Entry?[64];
    private int _count;

    public FieldNameTable(FlattenPlan plan, RowAssembler row)
    {
        _plan = plan;
        _row = row;
    }

    /// <summary>The name whose unescaped UTF-8 bytes are <paramref name="utf8"/>, at <paramref name="position"/> among the object's fields.</summary>
    /// <remarks>Events of one stream mostly repeat the field order, so the name seen at the same position last time is tried first.</remarks>
    public FieldName Get(ReadOnlySpan<byte> utf8, int position)
    {
        if (position < _byPosition.Length && _byPosition[position] is { } expected && utf8.SequenceEqual(expected.Key))
        {
            return expected.Name;
        }

        var entry = Find(utf8);
        if (entry is null)
        {
            return Get(Encoding.UTF8.GetString(utf8));
        }

        if (position < _byPosition.Length)
        {
            _byPosition[position] = entry;
        }

        return entry.Name;
    }

    private Entry? Find(ReadOnlySpan<byte> utf8)
    {
        var hash = Utf8Hash.Of(utf8);
        for (var e = _buckets[hash & (_buckets.Length - 1)]; e is not null; e = e.Next)
        {
            if (e.Hash == hash && utf8.SequenceEqual(e.Key))
            {
                return e;
            }
        }

        if (_count >= MaxNames)
        {
            return null;
        }

        var name = Get(Encoding.UTF8.GetString(utf8));
        if (_count >= _buckets.Length)
        {
            Grow();
        }

        ref var bucket = ref _buckets[hash & (_buckets.Length - 1)];
        bucket = new Entry(utf8.ToArray(), hash, name, bucket);
        _count++;
        return bucket;
    }

    /// <summary>The name <paramref name="raw"/> as written in the input.</summary>
    public FieldName Get(string raw)
    {
        if (_byString.TryGetValue(raw, out var known))
        {
            return known;
        }

        var name = _row.Intern(_plan.LowercaseKeys ? raw.ToLowerInvariant() : raw);
        var rootSlot = _plan.RootSlot(name);
        var declaredElsewhere = rootSlot < 0 && _plan.IsDeclared(name);
        var info = new FieldName(name, rootSlot, _plan.PathRoot(name), declaredElsewhere,
            !declaredElsewhere && ReferenceEquals(name, _row.TimestampColumn));
        if (_byString.Count < MaxNames)
        {
            _byString.Add(raw, info);
        }

        return info;
    }

    private void Grow()
    {
        var buckets = new Entry?[_buckets.Length * 2];
        foreach (var head in _buckets)
        {
            for (var e = head; e is not null;)
            {
                var next = e.Next;
                ref var bucket = ref buckets[e.Hash & (buckets.Length - 1)];
                e.Next = bucket;
                bucket = e;
                e = next;
            }
        }

        _buckets = buckets;
    }

    private sealed class Entry(byte[] key, int hash, FieldName name, Entry? next)
    {
        public byte[] Key { get; } = key;

        public int Hash { get; } = hash;

        public FieldName Name { get; } = name;

        public Entry? Next { get; set; } = next;
    }
}
