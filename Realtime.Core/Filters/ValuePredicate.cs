using System.Globalization;

namespace Realtime.Core.Filters;

/// <summary>
/// What a single-column filter accepts, for each kind of stored value: text (null for no value), longs and
/// doubles. Row matching and column scans share it: a scan evaluates the text predicate once per dictionary value.
/// </summary>
public sealed class ValuePredicate
{
    private readonly Func<string?, bool> _text;
    private readonly Func<long, bool> _long;
    private readonly Func<double, bool> _double;

    /// <summary>Creates the predicate; numeric predicates default to the text predicate on the number's invariant text.</summary>
    public ValuePredicate(Func<string?, bool> text, Func<long, bool>? longs = null, Func<double, bool>? doubles = null)
    {
        _text = text;
        _long = longs ?? (l => text(l.ToString(CultureInfo.InvariantCulture)));
        _double = doubles ?? (d => text(Realtime.Abstractions.Parsing.DimensionValues.ToText(d)));
        MatchesNull = text(null);
    }

    /// <summary>Whether a row without a value matches.</summary>
    public bool MatchesNull { get; }

    /// <summary>Whether a text value matches; an empty string is treated as null.</summary>
    public bool MatchesText(string? value) => string.IsNullOrEmpty(value) ? MatchesNull : _text(value);

    /// <summary>Whether a long value matches.</summary>
    public bool MatchesLong(long value) => _long(value);

    /// <summary>Whether a double value matches.</summary>
    public bool MatchesDouble(double value) => _double(value);
}
