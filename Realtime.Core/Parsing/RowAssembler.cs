using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Parsing;

/// <summary>
/// Collects the fields of one event, then stamps the timestamp and dimensions and freezes them into a
/// <see cref="ParsedInputRow"/>. One per parser; reused for every event.
/// </summary>
/// <remarks>
/// Field names should be interned with <see cref="Intern"/>: rows whose names arrive in the same order as the
/// previous row's share its names array and dimension list, checked by reference without hashing. A repeated
/// name replaces the earlier value. Used by one ingest thread at a time.
/// </remarks>
internal sealed class RowAssembler
{
    private const int MaxLayouts = 16;
    private const int MaxInterned = 8192;

    // Events with more fields than this find repeated names through a dictionary, so a wide event costs time linear in its fields.
    private const int MaxScannedFields = 32;

    private readonly TimestampParser _timestamp;
    private readonly string[]? _explicitDimensions;
    private readonly HashSet<string> _exclusions;
    private readonly Dictionary<string, string> _interned = new(StringComparer.Ordinal);
    private readonly List<Layout> _layouts = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private int _nextEvicted;

    private string[] _names = new string[32];
    private object?[] _values = new object?[32];
    private int _count;
    private Layout? _layout;
    private bool _followsLayout;
    private bool _hasTimestamp;
    private long _timestampMillis;

    public RowAssembler(TimestampParser timestamp, DimensionsSpec dimensions, IReadOnlyCollection<string> implicitExclusions)
    {
        _timestamp = timestamp;
        TimestampColumn = Intern(timestamp.Column);
        if (!dimensions.IsSchemaless)
        {
            _explicitDimensions = new string[dimensions.Dimensions.Count];
            for (var i = 0; i < _explicitDimensions.Length; i++)
            {
                _explicitDimensions[i] = Intern(dimensions.Dimensions[i].Name);
            }
        }

        _exclusions = new HashSet<string>(StringComparer.Ordinal) { TimestampColumn };
        foreach (var name in dimensions.DimensionExclusions.Concat(implicitExclusions))
        {
            _exclusions.Add(Intern(name));
        }
    }

    /// <summary>The timestamp field's name, interned.</summary>
    public string TimestampColumn { get; }

    /// <summary>The timestamp parser, for decoders that read the time straight from input bytes.</summary>
    public TimestampParser Timestamp => _timestamp;

    /// <summary>The shared instance of a field name, so that rows and specs hold the same strings.</summary>
    public string Intern(string name)
    {
        if (_interned.TryGetValue(name, out var shared))
        {
            return shared;
        }

        if (_interned.Count < MaxInterned)
        {
            _interned.Add(name, name);
        }

        return name;
    }

    /// <summary>Starts a new event.</summary>
    public void Begin()
    {
        _count = 0;
        _positions.Clear();
        _followsLayout = _layout is not null;
        _hasTimestamp = false;
    }

    /// <summary>Adds a field, or replaces the value of an earlier field with the same name.</summary>
    public void Add(string name, object? value)
    {
        var n = _count;
        if (_followsLayout)
        {
            var expected = _layout!.Names;
            if (n < expected.Length && ReferenceEquals(expected[n], name))
            {
                Append(name, value);
                return;
            }

            _followsLayout = false;
        }

        if (IndexOf(name) is var i and >= 0)
        {
            _values[i] = value;
            return;
        }

        Append(name, value);
    }

    /// <summary>Sets the value of the field added at position <paramref name="index"/> of this event.</summary>
    public void Set(int index, object? value) => _values[index] = value;

    /// <summary>Records the event time when the decoder has parsed it already.</summary>
    public void SetTimestamp(long millis)
    {
        _timestampMillis = millis;
        _hasTimestamp = true;
    }

    /// <summary>The value of a field added to this event, or null.</summary>
    public object? Get(string name) => IndexOf(name) is var i and >= 0 ? _values[i] : null;

    /// <summary>Freezes the event into a row.</summary>
    /// <exception cref="ParseException">The timestamp is missing or unparseable.</exception>
    public ParsedInputRow Finish()
    {
        var timestamp = _hasTimestamp ? _timestampMillis : _timestamp.Parse(Get(TimestampColumn));
        var layout = _followsLayout && _count == _layout!.Names.Length ? _layout : FindLayout();
        _layout = layout;
        var values = new object?[_count];
        Array.Copy(_values, values, _count);
        return new ParsedInputRow(timestamp, layout.Names, values, layout.Dimensions);
    }

    private int IndexOf(string name)
    {
        if (_count > MaxScannedFields)
        {
            if (_positions.Count < _count)
            {
                for (var i = _positions.Count; i < _count; i++)
                {
                    _positions.TryAdd(_names[i], i);
                }
            }

            return _positions.GetValueOrDefault(name, -1);
        }

        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_names[i], name) || string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void Append(string name, object? value)
    {
        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }

        _names[_count] = name;
        _values[_count] = value;
        _count++;
    }

    private Layout FindLayout()
    {
        var current = _names.AsSpan(0, _count);
        foreach (var known in _layouts)
        {
            if (known.Names.Length == _count && SameReferences(known.Names, current))
            {
                return known;
            }
        }

        var names = current.ToArray();
        var layout = new Layout(names, _explicitDimensions ?? Discover(names));
        if (_layouts.Count < MaxLayouts)
        {
            _layouts.Add(layout);
        }
        else
        {
            _layouts[_nextEvicted] = layout;
            _nextEvicted = (_nextEvicted + 1) % MaxLayouts;
        }

        return layout;
    }

    private string[] Discover(string[] names)
    {
        var dimensions = new List<string>(names.Length);
        foreach (var name in names)
        {
            if (!_exclusions.Contains(name))
            {
                dimensions.Add(name);
            }
        }

        return dimensions.ToArray();
    }

    private static bool SameReferences(string[] known, ReadOnlySpan<string> current)
    {
        for (var i = 0; i < known.Length; i++)
        {
            if (!ReferenceEquals(known[i], current[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A field order seen before, with the dimensions it yields.</summary>
    private sealed record Layout(string[] Names, IReadOnlyList<string> Dimensions);
}
